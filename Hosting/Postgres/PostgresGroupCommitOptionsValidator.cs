using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Hosting.Postgres;

/// <summary>Stops the silo at start-up when a group-commit storage's options cannot work, naming the key to fix.</summary>
internal sealed class PostgresGroupCommitOptionsValidator : IConfigurationValidator
{
    private readonly PostgresGroupCommitOptions _options;
    private readonly string _name;

    public PostgresGroupCommitOptionsValidator(PostgresGroupCommitOptions options, string name)
    {
        _options = options;
        _name = name;
    }

    public void ValidateConfiguration()
    {
        var prefix = $"Orleans:GrainStorage:{_name}";
        if (string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            throw new OrleansConfigurationException(
                $"{prefix}: grain storage '{_name}' (PostgresGroupCommit) needs ConnectionString, or ConnectionName naming an entry of ConnectionStrings.");
        }

        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            throw new OrleansConfigurationException($"{prefix}:ConnectionString is not an Npgsql connection string: {exception.Message}");
        }

        if (_options.WriterCount < 1)
        {
            throw new OrleansConfigurationException($"{prefix}:WriterCount must be at least 1 (it is {_options.WriterCount}).");
        }

        if (_options.MaxBatchSize < 1)
        {
            throw new OrleansConfigurationException($"{prefix}:MaxBatchSize must be at least 1 (it is {_options.MaxBatchSize}).");
        }

        if (_options.QueueCapacity < 0)
        {
            throw new OrleansConfigurationException($"{prefix}:QueueCapacity must be 0 (automatic) or more (it is {_options.QueueCapacity}).");
        }

        // Every writer holds a connection while it commits; reads need at least one more, or they would wait for a batch.
        var pool = _options.MaxPoolSize ?? connection.MaxPoolSize;
        if (pool <= _options.WriterCount)
        {
            throw new OrleansConfigurationException(
                $"{prefix}:MaxPoolSize (or the connection string's Maximum Pool Size) is {pool}: it must exceed WriterCount ({_options.WriterCount}) so reads get a connection while every writer commits.");
        }
    }
}
