namespace OrleansBackend.Runtime.Membership;

/// <summary>Where a silo is in its life, as recorded in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>No status (never stored).</summary>
    None = 0,

    /// <summary>Starting: checking it can reach the active silos before it takes any grain.</summary>
    Joining = 1,

    /// <summary>Serving grains.</summary>
    Active = 2,

    /// <summary>Stopping gracefully: handing its grains over.</summary>
    ShuttingDown = 3,

    /// <summary>Gone, by its own stop or declared dead by the others. A dead silo never serves again.</summary>
    Dead = 4,
}
