using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansBackend.Grains.Money;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>
/// A silo with the backend's grains refuses to start with a transfer resume interval its reminder service cannot honour
/// (zero, or under the minimum reminder period): the transfer's reminder could never be registered.
/// </summary>
[Collection(ClusterTestsCollection.Name)]
public sealed class BackendGrainsConfigurationTests
{
    [Theory]
    [InlineData("00:00:00", "Transfers:ResumeInterval must be more than zero")]
    [InlineData("00:00:30", "Transfers:ResumeInterval must be at least the reminder service's minimum period")]
    public async Task AResumeIntervalNoReminderCanHaveDoesNotStart(string interval, string message)
    {
        var error = await StartFailureAsync(silo => silo.Services.Configure<TransferOptions>(o => o.ResumeInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The options validation that stopped a one-silo cluster from starting.</summary>
    private static async Task<OptionsValidationException> StartFailureAsync(Action<Orleans.Hosting.ISiloBuilder> configureSilo)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await (await BackendCluster.StartAsync(configureSilo, silos: 1)).DisposeAsync());
        return FindValidation(error) ?? throw new Xunit.Sdk.XunitException($"The silo failed to start, but not on its options: {error}");
    }

    private static OptionsValidationException? FindValidation(Exception? error) => error switch
    {
        null => null,
        OptionsValidationException validation => validation,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindValidation).FirstOrDefault(e => e is not null),
        _ => FindValidation(error.InnerException),
    };
}
