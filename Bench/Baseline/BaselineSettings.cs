using System.Text.RegularExpressions;

namespace OrleansBackend.Baseline;

/// <summary>Configuration: <c>Baseline:Postgres</c>, <c>Baseline:Redis</c>, <c>Baseline:Schema</c>, <c>Baseline:MaxPoolSize</c>.</summary>
public sealed partial class BaselineSettings
{
    public required string Postgres { get; init; }

    public required string Redis { get; init; }

    public required string Schema { get; init; }

    public required int MaxPoolSize { get; init; }

    public static BaselineSettings From(IConfiguration configuration)
    {
        var schema = configuration["Baseline:Schema"] ?? "baseline";
        if (!SchemaName().IsMatch(schema))
        {
            throw new InvalidOperationException($"Baseline:Schema must be lower-case letters, digits or '_' (was '{schema}').");
        }

        return new BaselineSettings
        {
            Postgres = configuration["Baseline:Postgres"] ?? throw new InvalidOperationException("Baseline:Postgres (a connection string) is required."),
            Redis = configuration["Baseline:Redis"] ?? throw new InvalidOperationException("Baseline:Redis (host:port) is required."),
            Schema = schema,
            // deps.md: on 2 cores a small pool beats the default 100; size it to the cores, as the Api's storage does.
            MaxPoolSize = int.TryParse(configuration["Baseline:MaxPoolSize"], out var pool) && pool > 0 ? pool : Math.Max(4, 2 * Environment.ProcessorCount),
        };
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
