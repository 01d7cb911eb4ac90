using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Membership;

/// <summary>Checks <see cref="ClusterMembershipOptions"/> at start-up and names the offending key.</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var section = ClusterMembershipOptions.SectionName;
        var errors = new List<string>();
        Positive(errors, $"{section}:ProbeInterval", options.ProbeInterval);
        Positive(errors, $"{section}:ProbeTimeout", options.ProbeTimeout);
        Positive(errors, $"{section}:IAmAliveInterval", options.IAmAliveInterval);
        Positive(errors, $"{section}:TableRefreshInterval", options.TableRefreshInterval);
        Positive(errors, $"{section}:JoinTimeout", options.JoinTimeout);
        Positive(errors, $"{section}:DeathVoteExpiration", options.DeathVoteExpiration);
        Positive(errors, $"{section}:DefunctSiloExpiration", options.DefunctSiloExpiration);
        if (options.MissedProbesLimit < 1)
        {
            errors.Add($"{section}:MissedProbesLimit must be at least 1 (was {options.MissedProbesLimit}).");
        }

        if (options.ProbedSilos < 1)
        {
            errors.Add($"{section}:ProbedSilos must be at least 1 (was {options.ProbedSilos}).");
        }

        if (options.VotesForDeath < 1)
        {
            errors.Add($"{section}:VotesForDeath must be at least 1 (was {options.VotesForDeath}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be more than zero (was {value}).");
        }
    }
}
