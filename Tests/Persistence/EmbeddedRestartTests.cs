using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansBackend.Hosting;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Persistence.Infrastructure;
using OrleansBackend.Tests.Persistence.TestGrains;

namespace OrleansBackend.Tests.Persistence;

/// <summary>
/// The embedded mode keeps everything in one SQLite file: a new silo on the file of a stopped one reads the grain state
/// the first wrote, and the reminder registered before the restart fires again under the new silo.
/// </summary>
[Collection(SiloTestsCollection.Name)]
public sealed class EmbeddedRestartTests
{
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task StateAndRemindersSurviveARestartOnTheSameFile()
    {
        using var file = new TempSqliteFile();
        var serviceId = $"restart-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString("N");

        await using (var before = await StartAsync(file, serviceId))
        {
            var grain = before.Client.GetGrain<IRestartProbeGrain>(key);
            Assert.Equal(5, await grain.Add(5));
            await grain.StartReminder(ReminderPeriod);
        }

        // Whatever ticked so far ticked on the first silo, which is gone.
        var ticksBeforeRestart = ReminderTicks.Of(key);

        await using var after = await StartAsync(file, serviceId);
        var restarted = after.Client.GetGrain<IRestartProbeGrain>(key);
        Assert.Equal(5, await restarted.GetTotal());
        Assert.Equal(7, await restarted.Add(2));

        await Eventually.True(() => ReminderTicks.Of(key) > ticksBeforeRestart, "the reminder registered before the restart fires on the new silo", TimeSpan.FromSeconds(60));
    }

    private static Task<Orleans.TestingHost.InProcessTestCluster> StartAsync(TempSqliteFile file, string serviceId) =>
        BackendTestSilo.StartAsync(
            BackendSiloSettings.Sqlite(file.FilePath),
            serviceId,
            silo => silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = ReminderPeriod));
}
