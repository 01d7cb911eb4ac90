using System.Net.Sockets;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>The servers scripts/test.sh promises are really there.</summary>
public sealed class TestServerTests
{
    [Fact]
    public async Task RedisAnswersOnLoopback()
    {
        var (host, port) = Split(TestServers.Redis);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer);
        Assert.Equal("+PONG", System.Text.Encoding.ASCII.GetString(buffer, 0, read).Trim());
    }

    [Fact]
    public async Task PostgresAnswersOnLoopback()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestServers.Postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select 41 + 1", connection);
        Assert.Equal(42, await command.ExecuteScalarAsync());
    }

    private static (string Host, int Port) Split(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
