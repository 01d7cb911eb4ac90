namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>Checks the settings <see cref="AdoNetStorageOptions"/> shares between dialects; names the offending key.</summary>
internal static class AdoNetStorageOptionsValidator
{
    /// <summary>The configuration section of named options: grain storage by name, or the reminder table.</summary>
    public static string SectionOf(string? name) =>
        name == AdoNetOptionNames.Reminders ? "Reminders:Storage" : $"GrainStorage:{name}";

    public static void Validate(string section, AdoNetStorageOptions options, List<string> errors)
    {
        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            errors.Add($"{section}:MaxBatchSize must be 1–10000 (was {options.MaxBatchSize}).");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:CommandTimeout must be between one second and one hour (was {options.CommandTimeout}).");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            errors.Add($"{section}:MaxAttempts must be 1–20 (was {options.MaxAttempts}).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:RetryDelay must be between zero and one minute (was {options.RetryDelay}).");
        }

        if (options.EventPartitionCount is < 1 or > 65_536)
        {
            errors.Add($"{section}:EventPartitionCount must be 1–65536 (was {options.EventPartitionCount}).");
        }
    }
}
