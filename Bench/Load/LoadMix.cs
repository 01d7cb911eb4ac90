namespace OrleansBackend.Bench.Load;

/// <summary>The request mixes a load run drives.</summary>
public enum LoadMix
{
    /// <summary>GET /v1/accounts/{id} of the caller's own account.</summary>
    Read,

    /// <summary>POST deposits of a small amount, each with a new Idempotency-Key.</summary>
    Deposit,

    /// <summary>POST /v1/transfers of a small amount to another user's account, each with a new Idempotency-Key.</summary>
    Transfer,

    /// <summary>80 % reads, 10 % deposits, 10 % transfers: a read-heavy banking front end.</summary>
    Mixed,
}

public static class LoadMixes
{
    public static readonly string[] Names = ["read", "deposit", "transfer", "mixed"];

    public static bool TryParse(string? text, out LoadMix mix)
    {
        var index = Array.IndexOf(Names, text?.Trim().ToLowerInvariant());
        mix = index < 0 ? LoadMix.Read : (LoadMix)index;
        return index >= 0;
    }

    public static string Name(this LoadMix mix) => Names[(int)mix];

    /// <summary>The operation for the <paramref name="sequence"/>-th request of a worker (deterministic, no RNG contention).</summary>
    public static LoadMix Pick(this LoadMix mix, long sequence) => mix != LoadMix.Mixed
        ? mix
        : (sequence % 10) switch
        {
            8 => LoadMix.Deposit,
            9 => LoadMix.Transfer,
            _ => LoadMix.Read,
        };
}
