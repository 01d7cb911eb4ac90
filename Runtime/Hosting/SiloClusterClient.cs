using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Hosting;

/// <summary>The client of a process that hosts a silo: calls go straight into that silo's runtime.</summary>
internal sealed class SiloClusterClient : IClusterClient
{
    private readonly IGrainFactory _grainFactory;

    public SiloClusterClient(IGrainFactory grainFactory, IServiceProvider serviceProvider)
    {
        _grainFactory = grainFactory;
        ServiceProvider = serviceProvider;
    }

    public IServiceProvider ServiceProvider { get; }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => _grainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => _grainFactory.GetGrain<TGrainInterface>(grainId);
}
