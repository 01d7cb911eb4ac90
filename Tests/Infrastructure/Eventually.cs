using System.Diagnostics;

namespace OrleansBackend.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline (never a fixed sleep).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task True(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? DefaultTimeout).TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            await Task.Delay(2);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? DefaultTimeout).TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Awaits a task that must complete within the deadline.</summary>
    public static async Task<T> Within<T>(Task<T> task, TimeSpan? timeout = null) => await task.WaitAsync(timeout ?? DefaultTimeout);

    /// <summary>Awaits a task that must complete within the deadline.</summary>
    public static async Task Within(Task task, TimeSpan? timeout = null) => await task.WaitAsync(timeout ?? DefaultTimeout);
}
