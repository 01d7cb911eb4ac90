using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OrleansBackend.Runtime.Persistence.AdoNet.Sqlite;

/// <summary>Checks <see cref="SqliteStorageOptions"/> at start-up and names the offending key.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        var section = AdoNetStorageOptionsValidator.SectionOf(name);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            errors.Add($"{section}:DataSource must be set (a file path such as ./data/state.db, or a SQLite connection string).");
        }
        else if (options.DataSource.Contains('=', StringComparison.Ordinal))
        {
            try
            {
                var builder = new SqliteConnectionStringBuilder(options.DataSource);
                if (string.IsNullOrEmpty(builder.DataSource))
                {
                    errors.Add($"{section}:DataSource is a connection string without a Data Source.");
                }
            }
            catch (ArgumentException exception)
            {
                errors.Add($"{section}:DataSource is not a valid SQLite connection string: {exception.Message}");
            }
        }

        if (options.BusyTimeout < TimeSpan.FromMilliseconds(100) || options.BusyTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{section}:BusyTimeout must be between 100 ms and five minutes (was {options.BusyTimeout}).");
        }

        AdoNetStorageOptionsValidator.Validate(section, options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
