namespace OrleansBackend.Runtime.Hosting;

/// <summary>Configures a silo: its services (storage, filters, clustering) and configuration.</summary>
public interface ISiloBuilder : IRuntimeBuilder
{
}
