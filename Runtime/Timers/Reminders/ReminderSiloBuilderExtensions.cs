using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Timers.Reminders;
using OrleansBackend.Runtime.Timers.Reminders.Memory;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Adds durable reminders to a silo.</summary>
public static class ReminderSiloBuilderExtensions
{
    /// <summary>
    /// Adds reminders kept in memory (tests, single process). Pass one table to several hosts to let reminders
    /// survive a host restart in a test.
    /// </summary>
    public static ISiloBuilder AddMemoryReminderTable(this ISiloBuilder builder, MemoryReminderTable? table = null)
    {
        builder.Services.RemoveAll<IReminderTable>();
        builder.Services.AddSingleton<IReminderTable>(table ?? new MemoryReminderTable());
        builder.Services.AddReminderService();
        return builder;
    }

    /// <summary>Adds the reminder service on whatever <see cref="IReminderTable"/> is registered (once per silo).</summary>
    internal static IServiceCollection AddReminderService(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(LocalReminderService)))
        {
            return services;
        }

        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>();
        services.AddSingleton<LocalReminderService>();
        services.AddSingleton<IReminderRegistry>(sp => sp.GetRequiredService<LocalReminderService>());
        services.AddHostedService(sp => sp.GetRequiredService<LocalReminderService>());
        return services;
    }
}
