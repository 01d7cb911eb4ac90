using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Timers.Reminders;

/// <summary>Checks <see cref="ReminderOptions"/> at start-up and names the offending key.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var section = ReminderOptions.SectionName;
        var errors = new List<string>();
        if (options.MinimumPeriod <= TimeSpan.Zero)
        {
            errors.Add($"{section}:MinimumPeriod must be more than zero (was {options.MinimumPeriod}).");
        }

        if (options.RefreshPeriod < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{section}:RefreshPeriod must be at least one second (was {options.RefreshPeriod}).");
        }

        if (options.MaxConcurrentDeliveries is < 1 or > 10_000)
        {
            errors.Add($"{section}:MaxConcurrentDeliveries must be 1–10000 (was {options.MaxConcurrentDeliveries}).");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{section}:RetryDelay must be more than zero (was {options.RetryDelay}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
