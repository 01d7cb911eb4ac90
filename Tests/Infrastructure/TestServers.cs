namespace OrleansBackend.Tests.Infrastructure;

/// <summary>
/// The throwaway servers <c>scripts/test.sh</c> starts. A test that needs one fails (never skips) when it is
/// missing, with a message that says how to run it.
/// </summary>
public static class TestServers
{
    /// <summary>host:port of the test Redis.</summary>
    public static string Redis => Required("ORLEANSBACKEND_TEST_REDIS");

    /// <summary>Npgsql connection string of the test PostgreSQL (database "postgres", user "postgres").</summary>
    public static string Postgres => Required("ORLEANSBACKEND_TEST_POSTGRES");

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. This test needs the throwaway servers that scripts/test.sh starts: run the tests with scripts/test.sh.");
}
