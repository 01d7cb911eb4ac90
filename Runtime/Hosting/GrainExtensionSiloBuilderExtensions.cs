using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Registers grain extensions on a silo.</summary>
public static class GrainExtensionSiloBuilderExtensions
{
    /// <summary>
    /// Serves calls of extension interface <typeparamref name="TExtension"/> on every grain of the silo with one
    /// object per activation, created by <paramref name="create"/> on first use (a later registration replaces an
    /// earlier one).
    /// </summary>
    public static ISiloBuilder AddGrainExtension<TExtension>(this ISiloBuilder builder, Func<IGrainActivationContext, TExtension> create)
        where TExtension : class, IGrainExtension
    {
        ArgumentNullException.ThrowIfNull(create);
        builder.Services.AddGrainExtension(create);
        return builder;
    }

    internal static IServiceCollection AddGrainExtension<TExtension>(this IServiceCollection services, Func<IGrainActivationContext, TExtension> create)
        where TExtension : class, IGrainExtension
    {
        services.AddSingleton(new GrainExtensionRegistration(typeof(TExtension), context => create(context)));
        return services;
    }
}
