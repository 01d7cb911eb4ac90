using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Money;
using OrleansBackend.Runtime.Hosting;

namespace OrleansBackend.Grains.Hosting;

/// <summary>Registers what the backend's grains need in a silo.</summary>
public static class BackendSiloBuilderExtensions
{
    /// <summary>Binds the grains' options (sections <c>Identity</c> and <c>Accounts</c>) and validates them at start-up.</summary>
    public static ISiloBuilder AddBackendGrains(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName)
            .Validate(o => o.PasswordIterations >= PasswordHasher.MinimumIterations, $"Identity:PasswordIterations must be at least {PasswordHasher.MinimumIterations}.")
            .ValidateOnStart();
        builder.Services.AddOptions<AccountOptions>()
            .BindConfiguration(AccountOptions.SectionName)
            .Validate(o => o.MaxBalance > 0, "Accounts:MaxBalance must be more than zero.")
            .ValidateOnStart();
        return builder;
    }
}
