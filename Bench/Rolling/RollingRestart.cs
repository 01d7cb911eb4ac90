using System.Diagnostics;
using OrleansBackend.Bench.Processes;

namespace OrleansBackend.Bench.Rolling;

/// <summary>One silo's turn in a roll: when it began (seconds into the roll) and how long until the cluster was whole again.</summary>
public sealed record SiloRestart(string Silo, double StartedAtS, double RestartS, double RejoinedS);

/// <summary>
/// Restarts every silo of a cluster.sh cluster in turn, as a rolling upgrade does: <c>cluster.sh restart-silo</c> stops
/// it with SIGTERM (graceful: its grains are deactivated with their state written, it leaves the membership) and starts
/// a new process; the next silo waits until the new one is active beside the others. The turns are spread over the
/// run so the load sees the whole roll. <c>--signal kill</c> SIGKILLs instead (the negative control: requests are lost).
/// </summary>
public sealed class RollingRestart(ClusterScript cluster, bool kill)
{
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromMinutes(2);

    public List<SiloRestart> Restarts { get; } = [];

    public async Task RunAsync(TimeSpan spread, CancellationToken cancellationToken)
    {
        var silos = (await cluster.SilosAsync()).Select(s => s.Name).ToList();
        var clock = Stopwatch.StartNew();
        var slot = spread / (silos.Count + 1);
        for (var i = 0; i < silos.Count; i++)
        {
            // The first turn after one slot of steady load, then one per slot (or at once if a turn ran over).
            var at = slot * (i + 1);
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed, cancellationToken);
            }

            var silo = silos[i];
            var before = (await cluster.SilosAsync()).First(s => s.Name == silo).Pid;
            var started = clock.Elapsed;
            Console.Error.WriteLine($"\n{started.TotalSeconds:0.0}s  restarting {silo} (pid {before}, {(kill ? "SIGKILL" : "SIGTERM")}) …");
            if (kill)
            {
                await cluster.KillSiloAsync(silo);
            }

            await cluster.RestartSiloAsync(silo);
            var restarted = clock.Elapsed;
            await WaitUntilActiveAsync(silo, before, cancellationToken);
            var rejoined = clock.Elapsed;
            Restarts.Add(new SiloRestart(silo, Math.Round(started.TotalSeconds, 1), Math.Round((restarted - started).TotalSeconds, 1), Math.Round((rejoined - started).TotalSeconds, 1)));
            Console.Error.WriteLine($"{rejoined.TotalSeconds:0.0}s  {silo} is back and active ({(rejoined - started).TotalSeconds:0.0} s)");
        }
    }

    /// <summary>Until the silo runs as a new process and every silo is active in the membership table.</summary>
    private async Task WaitUntilActiveAsync(string silo, int oldPid, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var silos = await cluster.SilosAsync();
            if (silos.All(s => s.Status == "active" && s.Pid != 0) && silos.First(s => s.Name == silo).Pid != oldPid)
            {
                return;
            }

            if (deadline.Elapsed > RejoinTimeout)
            {
                throw new TimeoutException($"{silo} did not rejoin within {RejoinTimeout}: {string.Join(", ", silos.Select(s => $"{s.Name} {s.Status}"))}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
