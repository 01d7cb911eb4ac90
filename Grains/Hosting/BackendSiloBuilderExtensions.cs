using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using OrleansBackend.Grains.Identity;
using OrleansBackend.Grains.Money;

namespace OrleansBackend.Grains.Hosting;

/// <summary>Registers what the backend's grains need in a silo.</summary>
public static class BackendSiloBuilderExtensions
{
    /// <summary>
    /// Binds the grains' options (sections <c>Identity</c>, <c>Accounts</c> and <c>Transfers</c>) and validates them at
    /// start-up, together with the reminder table that transfers and sessions rely on.
    /// </summary>
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
        builder.Services.AddOptions<TransferOptions>()
            .BindConfiguration(TransferOptions.SectionName)
            .Validate(o => o.ResumeInterval > TimeSpan.Zero, "Transfers:ResumeInterval must be more than zero.")
            .Validate<IServiceProvider>(
                (_, services) => services.GetService<IReminderTable>() is not null,
                "Transfers and sessions need durable reminders: configure Orleans:Reminders (ProviderType AdoNet).")
            .Validate<IOptions<ReminderOptions>>(
                (o, reminders) => o.ResumeInterval >= reminders.Value.MinimumReminderPeriod,
                "Transfers:ResumeInterval must be at least the reminder service's minimum period (a transfer's reminder could not be registered).")
            .ValidateOnStart();
        return builder;
    }
}
