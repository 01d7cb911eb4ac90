using Microsoft.Extensions.Hosting;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// Creates and migrates every configured database when the silo starts, so a wrong connection string or an
/// unreachable database stops the start with a <see cref="StorageException"/> instead of failing grain calls later.
/// </summary>
internal sealed class AdoNetSchemaInitializer : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly IEnumerable<AdoNetDatabaseRegistration> _registrations;

    public AdoNetSchemaInitializer(IServiceProvider services, IEnumerable<AdoNetDatabaseRegistration> registrations)
    {
        _services = services;
        _registrations = registrations;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in _registrations)
        {
            await registration.Resolve(_services).EnsureInitializedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
