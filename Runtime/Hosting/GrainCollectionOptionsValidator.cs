using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>Checks <see cref="GrainCollectionOptions"/> at start-up.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var section = GrainCollectionOptions.SectionName;
        var errors = new List<string>();
        if (options.CollectionQuantum <= TimeSpan.Zero)
        {
            errors.Add($"{section}:CollectionQuantum must be more than zero (was {options.CollectionQuantum}).");
        }

        if (options.CollectionAge <= options.CollectionQuantum)
        {
            errors.Add($"{section}:CollectionAge must be longer than CollectionQuantum (was {options.CollectionAge} with a quantum of {options.CollectionQuantum}).");
        }

        foreach (var (grainType, age) in options.ClassSpecificCollectionAge)
        {
            if (age <= options.CollectionQuantum)
            {
                errors.Add($"{section}:ClassSpecificCollectionAge:{grainType} must be longer than CollectionQuantum (was {age}).");
            }
        }

        if (options.DeactivationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:DeactivationTimeout must be more than zero (was {options.DeactivationTimeout}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
