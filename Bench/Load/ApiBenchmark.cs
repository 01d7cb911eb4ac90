using System.CommandLine;
using OrleansBackend.Bench.Reporting;

namespace OrleansBackend.Bench.Load;

/// <summary>
/// <c>api</c>: the HTTP load generator. Signs in a pool of users through the API, opens and funds one account each,
/// then drives a mix over keep-alive connections and reports requests/s, latency percentiles and errors by status.
/// </summary>
public static class ApiBenchmark
{
    /// <summary>A generous funding, so transfers of 1 never run out of money whatever the run's length.</summary>
    public const long InitialBalance = 1_000_000_000;

    public static Command CreateCommand()
    {
        var target = new Option<string>("--target") { Description = "Base URL of the API (loopback), e.g. http://127.0.0.1:5080.", Required = true };
        var mix = new Option<string>("--mix") { Description = "read | deposit | transfer | mixed (80/10/10).", DefaultValueFactory = _ => "read" };
        var connections = new Option<int>("--connections") { Description = "Concurrent keep-alive connections (one worker each).", DefaultValueFactory = _ => 64 };
        var users = new Option<int>("--users") { Description = "Users (one account each) the workers share; 0 = one per connection.", DefaultValueFactory = _ => 0 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 15 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of the same mix before measuring.", DefaultValueFactory = _ => 3 };
        var rate = new Option<double>("--rate") { Description = "Total requests/s to pace to (open loop; latency from each request's scheduled time); 0 = as fast as answered.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on the last line." };
        var command = new Command("api", "HTTP load against a running API: read, deposit, transfer or mixed.") { target, mix, connections, users, duration, warmup, rate, json };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(target)!,
            parse.GetValue(mix),
            parse.GetValue(connections),
            parse.GetValue(users),
            parse.GetValue(duration),
            parse.GetValue(warmup),
            parse.GetValue(rate),
            parse.GetValue(json),
            cancellationToken));
        return command;
    }

    /// <summary>Checks the options; returns the message for the first problem, or null.</summary>
    public static string? Validate(string target, string? mix, int connections, int users, int duration, int warmup)
    {
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "--target must be an absolute http(s) URL.";
        }

        if (!uri.IsLoopback)
        {
            return "--target must be a loopback address: benchmarks never send load elsewhere.";
        }

        if (!LoadMixes.TryParse(mix, out _))
        {
            return "--mix must be one of read, deposit, transfer, mixed.";
        }

        if (connections is < 1 or > 4096 || users < 0 || duration < 1 || duration > 3600 || warmup < 0)
        {
            return "--connections must be 1–4096, --users ≥ 0, --duration 1–3600 and --warmup ≥ 0.";
        }

        return null;
    }

    private static async Task<int> RunAsync(string target, string? mixName, int connections, int userCount, int duration, int warmup, double rate, bool json, CancellationToken cancellationToken)
    {
        var problem = rate < 0 ? "--rate must be ≥ 0." : Validate(target, mixName, connections, userCount, duration, warmup);
        if (problem is not null)
        {
            Console.Error.WriteLine(problem);
            return 2;
        }

        LoadMixes.TryParse(mixName, out var mix);
        using var client = new ApiClient(new Uri(target), connections, TimeSpan.FromSeconds(30));
        var count = userCount == 0 ? connections : userCount;
        Console.Error.WriteLine($"signing in {count} users and funding their accounts …");
        var users = await UserPool.CreateAsync(client, count, InitialBalance, cancellationToken);
        var runner = new LoadRunner(client, users, connections);
        if (warmup > 0)
        {
            Console.Error.WriteLine($"warming up for {warmup} s …");
            await runner.RunAsync(mix, TimeSpan.FromSeconds(warmup), progress: false, checkBalances: false, cancellationToken);
        }

        var result = await runner.RunAsync(mix, TimeSpan.FromSeconds(duration), progress: true, checkBalances: true, cancellationToken, rate);
        result.AddTo(new BenchResult("api")).Add("target", target).Add("connections", connections).Add("users", count).Add("rate", rate, "paced to (requests/s, 0 = closed loop)").Print(json);
        return result.Balances is { Mismatches: > 0 } ? 1 : 0;
    }
}
