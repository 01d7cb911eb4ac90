using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansBackend.Runtime.Persistence.AdoNet.Postgres;

/// <summary>Checks <see cref="PostgresStorageOptions"/> at start-up and names the offending key (never echoing a connection string).</summary>
internal sealed partial class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        var section = AdoNetStorageOptionsValidator.SectionOf(name);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{section}:ConnectionString must be set (an Npgsql connection string such as Host=127.0.0.1;Username=postgres;Database=postgres).");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException exception)
            {
                errors.Add($"{section}:ConnectionString is not a valid Npgsql connection string: {exception.Message}");
            }
        }

        if (string.IsNullOrEmpty(options.Schema) || !SchemaPattern().IsMatch(options.Schema))
        {
            errors.Add($"{section}:Schema must be 1–63 lower-case letters, digits or '_', starting with a letter or '_' (was '{options.Schema}').");
        }

        if (options.MaxPoolSize is < 1 or > 1000)
        {
            errors.Add($"{section}:MaxPoolSize must be 1–1000 (was {options.MaxPoolSize}).");
        }

        if (options.WriterCount is < 1 or > 64)
        {
            errors.Add($"{section}:WriterCount must be 1–64 (was {options.WriterCount}).");
        }

        if (options.ConnectTimeout < TimeSpan.FromSeconds(1) || options.ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{section}:ConnectTimeout must be between one second and five minutes (was {options.ConnectTimeout}).");
        }

        AdoNetStorageOptionsValidator.Validate(section, options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaPattern();
}
