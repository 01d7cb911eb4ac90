using System.Reflection;
using OrleansBackend.Runtime.Invocation;

namespace OrleansBackend.Runtime.Metadata;

/// <summary>
/// Everything the runtime knows about the grains of the loaded application parts: interfaces, methods,
/// classes and which class serves which interface. Built once at start-up.
/// </summary>
public sealed class GrainManifest
{
    private readonly Dictionary<Type, GrainInterfaceInfo> _interfaces;
    private readonly Dictionary<ulong, Func<RequestBase>> _methods;
    private readonly Dictionary<string, GrainClassInfo> _classesByType = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _grainTypeByInterface = [];
    private readonly Dictionary<Type, List<string>> _ambiguous = [];

    internal GrainManifest(
        Dictionary<Type, GrainInterfaceInfo> interfaces,
        Dictionary<ulong, Func<RequestBase>> methods,
        IEnumerable<GrainClassInfo> classes)
    {
        _interfaces = interfaces;
        _methods = methods;
        foreach (var grainClass in classes)
        {
            if (!_classesByType.TryAdd(grainClass.GrainType, grainClass))
            {
                throw new InvalidOperationException(
                    $"Grain classes {_classesByType[grainClass.GrainType].GrainClass.FullName} and {grainClass.GrainClass.FullName} " +
                    $"both have grain type '{grainClass.GrainType}'; give one of them a [GrainType(\"…\")] attribute.");
            }

            foreach (var grainInterface in grainClass.GrainInterfaces)
            {
                if (_grainTypeByInterface.TryGetValue(grainInterface, out var existing))
                {
                    if (!_ambiguous.TryGetValue(grainInterface, out var list))
                    {
                        _ambiguous[grainInterface] = list = [existing];
                    }

                    list.Add(grainClass.GrainType);
                }
                else
                {
                    _grainTypeByInterface[grainInterface] = grainClass.GrainType;
                }
            }
        }
    }

    /// <summary>The grain classes, by grain type name.</summary>
    public IReadOnlyDictionary<string, GrainClassInfo> GrainClasses => _classesByType;

    /// <summary>The grain interfaces.</summary>
    public IReadOnlyDictionary<Type, GrainInterfaceInfo> GrainInterfaces => _interfaces;

    /// <summary>Builds the manifest of the given assemblies (those that carry generated code).</summary>
    public static GrainManifest FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        var builder = new GrainManifestBuilder();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var attribute in assembly.GetCustomAttributes<GeneratedCodeManifestAttribute>())
            {
                var manifest = (IGeneratedCodeManifest)Activator.CreateInstance(attribute.ManifestType)!;
                manifest.Populate(builder);
            }
        }

        return builder.Build();
    }

    /// <summary>The grain type that serves <paramref name="interfaceType"/>.</summary>
    public string GetGrainType(Type interfaceType)
    {
        if (_grainTypeByInterface.TryGetValue(interfaceType, out var grainType) && !_ambiguous.ContainsKey(interfaceType))
        {
            return grainType;
        }

        if (_ambiguous.TryGetValue(interfaceType, out var candidates))
        {
            throw new InvalidOperationException(
                $"Several grain classes implement {interfaceType.Name} ({string.Join(", ", candidates)}); " +
                "ask for a more specific interface.");
        }

        throw new InvalidOperationException(
            $"No grain class implements {interfaceType.FullName} in this process's application parts. " +
            "Reference the assembly that holds the grain classes.");
    }

    /// <summary>The interface info, or throws when <paramref name="interfaceType"/> is not a grain interface with generated code.</summary>
    public GrainInterfaceInfo GetInterface(Type interfaceType) =>
        _interfaces.TryGetValue(interfaceType, out var info)
            ? info
            : throw new InvalidOperationException(
                $"{interfaceType.FullName} has no generated grain reference; is it a grain interface in an assembly that references the code generator?");

    /// <summary>The grain class of a grain type, if this process has it.</summary>
    public bool TryGetGrainClass(string grainType, out GrainClassInfo grainClass) =>
        _classesByType.TryGetValue(grainType, out grainClass!);

    /// <summary>Creates an empty request for a method named on the wire.</summary>
    public RequestBase? CreateRequest(uint interfaceId, uint methodId) =>
        _methods.TryGetValue(MethodKey(interfaceId, methodId), out var create) ? create() : null;

    internal static ulong MethodKey(uint interfaceId, uint methodId) => ((ulong)interfaceId << 32) | methodId;
}
