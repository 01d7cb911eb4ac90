using System.Reflection;

namespace OrleansBackend.Runtime.Metadata;

/// <summary>
/// The assemblies whose grains and serializers a process knows. By default: every loaded assembly and every
/// assembly the entry assembly references (transitively) that carries generated code; more can be added.
/// </summary>
public sealed class ApplicationPartManager
{
    private static readonly string RuntimeAssemblyName = typeof(ApplicationPartManager).Assembly.GetName().Name!;
    private readonly List<Assembly> _added = [];

    /// <summary>Adds an assembly explicitly.</summary>
    public void Add(Assembly assembly) => _added.Add(assembly);

    /// <summary>The assemblies that carry a generated code manifest.</summary>
    public IReadOnlyList<Assembly> GetAssemblies()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Assembly>();
        var pending = new Stack<Assembly>();
        foreach (var assembly in _added)
        {
            pending.Push(assembly);
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            pending.Push(assembly);
        }

        if (Assembly.GetEntryAssembly() is { } entry)
        {
            pending.Push(entry);
        }

        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (assembly.IsDynamic || !seen.Add(assembly.FullName ?? assembly.GetName().Name!))
            {
                continue;
            }

            if (!IsRuntimeOrDependsOnIt(assembly))
            {
                continue;
            }

            if (assembly.IsDefined(typeof(GeneratedCodeManifestAttribute)))
            {
                result.Add(assembly);
            }

            foreach (var part in assembly.GetCustomAttributes<ApplicationPartAttribute>())
            {
                try
                {
                    pending.Push(Assembly.Load(new AssemblyName(part.AssemblyName)));
                }
                catch (FileNotFoundException)
                {
                    // Named at build time but not deployed with this process.
                }
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!IsFrameworkName(reference.Name) && !seen.Contains(reference.FullName))
                {
                    try
                    {
                        pending.Push(Assembly.Load(reference));
                    }
                    catch (FileNotFoundException)
                    {
                        // An optional reference that is not deployed; it cannot hold our grains.
                    }
                }
            }
        }

        return result;
    }

    private static bool IsRuntimeOrDependsOnIt(Assembly assembly)
    {
        if (assembly.GetName().Name == RuntimeAssemblyName)
        {
            return true;
        }

        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name == RuntimeAssemblyName)
            {
                return true;
            }
        }

        // The entry assembly may reach our assemblies only through others.
        return assembly == Assembly.GetEntryAssembly();
    }

    private static bool IsFrameworkName(string? name) =>
        name is null
        || name.StartsWith("System", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name.StartsWith("netstandard", StringComparison.Ordinal)
        || name == "mscorlib";
}
