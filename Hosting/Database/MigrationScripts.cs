using System.Globalization;
using System.Reflection;

namespace OrleansBackend.Hosting.Database;

/// <summary>The migration scripts of each engine, embedded in the assembly (Database/Migrations/&lt;Engine&gt;/NNNN_name.sql).</summary>
public static class MigrationScripts
{
    private const string ResourcePrefix = "OrleansBackend.Migrations.";

    /// <summary>The scripts for <paramref name="engine"/>, in version order.</summary>
    public static IReadOnlyList<MigrationScript> For(DatabaseEngine engine)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var folder = engine.ToString() + "/";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var path = resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? resource[ResourcePrefix.Length..].Replace('\\', '/') : null;
            if (path is null || !path.StartsWith(folder, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(path[folder.Length..]);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_')), NumberStyles.None, CultureInfo.InvariantCulture);
            scripts.Add(new MigrationScript(version, name, Read(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
