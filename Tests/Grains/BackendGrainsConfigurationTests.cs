using Microsoft.Extensions.Options;
using OrleansBackend.Grains.Hosting;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Persistence;
using OrleansBackend.Tests.Persistence.Infrastructure;

namespace OrleansBackend.Tests.Grains;

/// <summary>A silo with the backend's grains refuses to start without what transfers and sessions rely on.</summary>
public sealed class BackendGrainsConfigurationTests
{
    [Fact]
    public async Task ASiloWithoutAReminderTableDoesNotStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StorageSilo.StartAsync(
            "svc",
            silo => silo.AddMemoryGrainStorage(GrainStorageNames.Default).AddBackendGrains()));

        Assert.Contains("reminder table", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00", "Transfers:ResumeInterval must be more than zero")]
    [InlineData("00:00:30", "Transfers:ResumeInterval must be at least Reminders:MinimumPeriod")]
    public async Task AResumeIntervalNoReminderCanHaveDoesNotStart(string interval, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StorageSilo.StartAsync(
            "svc",
            silo => silo.AddMemoryGrainStorage(GrainStorageNames.Default).AddMemoryReminderTable().AddBackendGrains(),
            configuration: new Dictionary<string, string?> { ["Transfers:ResumeInterval"] = interval }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
