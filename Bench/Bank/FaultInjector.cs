using System.Diagnostics;
using OrleansBackend.Bench.Processes;

namespace OrleansBackend.Bench.Bank;

/// <summary>
/// Injects the faults of <c>--faults</c> into a cluster.sh cluster while the load runs, spread evenly over the run:
/// <c>kill</c> SIGKILLs a silo and restarts it a few seconds later (a new generation), <c>pause</c> freezes a silo
/// with SIGSTOP for a few seconds and then SIGCONTs it, <c>restart-db</c> restarts the cluster's PostgreSQL. A
/// paused silo is always continued again, also when the run is cut short.
/// </summary>
public sealed class FaultInjector(ClusterScript cluster, IReadOnlyList<string> faults)
{
    public static readonly string[] Known = ["kill", "pause", "restart-db"];
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(5);

    public List<string> Log { get; } = [];

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (faults.Count == 0)
        {
            return;
        }

        // Slots: the first fault after a tenth of the run, the last well before its end so recovery is measured.
        var clock = Stopwatch.StartNew();
        var slot = duration * 0.8 / faults.Count;
        for (var i = 0; i < faults.Count; i++)
        {
            var at = (duration * 0.1) + (slot * i);
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed, cancellationToken);
            }

            // Rotate the victim over silo-1, silo-2, silo-0 so no silo takes every fault.
            var victim = $"silo-{(i + 1) % 3}";
            await InjectAsync(faults[i], victim, clock, cancellationToken);
        }
    }

    private async Task InjectAsync(string fault, string victim, Stopwatch clock, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case "kill":
                await cluster.KillSiloAsync(victim);
                Note(clock, $"SIGKILL {victim}");
                await Task.Delay(Down, cancellationToken);
                await cluster.RestartSiloAsync(victim);
                Note(clock, $"restarted {victim}");
                break;
            case "pause":
                var pid = (await cluster.SilosAsync()).First(s => s.Name == victim).Pid;
                await Shell.RunAsync("kill", ["-STOP", pid.ToString()]);
                Note(clock, $"SIGSTOP {victim} (pid {pid})");
                try
                {
                    await Task.Delay(Down, cancellationToken);
                }
                finally
                {
                    await Shell.RunAsync("kill", ["-CONT", pid.ToString()]);
                    Note(clock, $"SIGCONT {victim}");
                }

                // Paused longer than failure detection, the silo was declared dead; it must not serve again and
                // stops itself. A supervisor would start it anew, as this does.
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                if ((await cluster.SilosAsync()).First(s => s.Name == victim).Pid == 0)
                {
                    await cluster.RestartSiloAsync(victim);
                    Note(clock, $"{victim} had stopped after being declared dead; restarted");
                }

                break;
            case "restart-db":
                Note(clock, "restarting PostgreSQL");
                await cluster.RestartPostgresAsync();
                Note(clock, "PostgreSQL restarted");
                break;
            default:
                throw new ArgumentException($"unknown fault '{fault}'", nameof(fault));
        }
    }

    private void Note(Stopwatch clock, string what)
    {
        var line = $"{clock.Elapsed.TotalSeconds,6:0.0}s  {what}";
        lock (Log)
        {
            Log.Add(line);
        }

        Console.Error.WriteLine($"\n[fault] {line}");
    }
}
