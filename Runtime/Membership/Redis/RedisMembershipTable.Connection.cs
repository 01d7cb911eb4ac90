using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OrleansBackend.Runtime.Membership.Redis;

/// <summary>The Redis connection of the membership table: connecting with bounded retries, clear failures, closing.</summary>
public sealed partial class RedisMembershipTable
{
    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_connectLock)
        {
            _disposed = true;
            connecting = _connecting;
            _connecting = null;
            _multiplexer = null;
        }

        if (connecting is null)
        {
            return;
        }

        if (connecting.IsCompletedSuccessfully)
        {
            Close(connecting.Result);
        }
        else
        {
            // Still connecting: close the multiplexer when it arrives.
            _ = connecting.ContinueWith(static t => Close(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var configuration = ConfigurationOptions.Parse(_connectionString);

        // Not aborting on a failed first connect leaves a multiplexer that keeps reconnecting by itself (Redis started
        // a moment later, or restarted); start-up stays bounded because we wait for a connection only until the deadline.
        // One client-side attempt keeps ConnectAsync itself within the connect timeout.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectRetry = 1;
        configuration.ConnectTimeout = (int)Math.Ceiling(_connectTimeout.TotalMilliseconds);
        var log = new StringWriter(CultureInfo.InvariantCulture);
        var connecting = ConnectionMultiplexer.ConnectAsync(configuration, log);
        ConnectionMultiplexer multiplexer;
        try
        {
            // The grace second only guards against a client that overruns its own timeout.
            multiplexer = await connecting.WaitAsync(_connectTimeout + TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is TimeoutException or RedisException)
        {
            _ = connecting.ContinueWith(
                static t => Close(t.Result),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
            throw new MembershipTableException($"{Description}: could not connect within {Seconds(_connectTimeout)}: {e.Message}", e);
        }

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? lastFailure = null;
        multiplexer.ConnectionFailed += (_, e) =>
        {
            lastFailure = e.Exception;
            _logger.LogWarning("{Table}: lost the {ConnectionType} connection to {EndPoint}: {FailureType}.", Description, e.ConnectionType, e.EndPoint, e.FailureType);
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            _logger.LogInformation("{Table}: the {ConnectionType} connection to {EndPoint} is back.", Description, e.ConnectionType, e.EndPoint);
            if (multiplexer.IsConnected)
            {
                connected.TrySetResult();
            }
        };
        if (multiplexer.IsConnected)
        {
            connected.TrySetResult();
        }

        try
        {
            var remaining = _connectTimeout - Stopwatch.GetElapsedTime(started);
            await connected.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            return multiplexer;
        }
        catch (TimeoutException)
        {
            Close(multiplexer);
            throw new MembershipTableException(
                $"{Description}: could not connect within {Seconds(_connectTimeout)} ({DescribeConnectFailure(log.ToString(), lastFailure)}). "
                + "Check that the server runs and that the connection string points at it.",
                lastFailure);
        }
        catch
        {
            Close(multiplexer);
            throw;
        }
    }

    private IDatabase Database()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (_multiplexer ?? throw new InvalidOperationException($"{Description}: call InitializeAsync before using the table.")).GetDatabase();
    }

    private static void Close(ConnectionMultiplexer multiplexer)
    {
        // Dispose alone waits a second for outstanding commands; every table call awaits its own, so none remain.
        multiplexer.Close(allowCommandsToComplete: false);
        multiplexer.Dispose();
    }

    private static string DescribeConnectFailure(string log, Exception? lastFailure)
    {
        // The client's connect log names the failure ("127.0.0.1:1 faulted: SocketFailure on PING"); keep its last such line.
        var line = log.Split('\n')
            .Select(l => l.Trim())
            .LastOrDefault(l => l.Contains(" faulted: ", StringComparison.Ordinal) || l.EndsWith(" did not respond", StringComparison.Ordinal));
        if (line is not null)
        {
            return line;
        }

        return lastFailure?.Message.Split(',')[0] ?? "no answer";
    }

    private static string FormatEndPoint(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        _ => endPoint.ToString() ?? "?",
    };
}
