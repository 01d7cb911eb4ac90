using System.Globalization;
using System.Reflection;

namespace OrleansBackend.Runtime.Persistence.AdoNet;

/// <summary>
/// One versioned schema change, shipped as a plain <c>NNNN_name.sql</c> file (embedded in the runtime and copied
/// next to it for operators). A database records the versions it has in its <c>schema_version</c> table.
/// </summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>The migrations embedded under <paramref name="folder"/> (for example <c>Persistence/AdoNet/Postgres/Migrations</c>), by version.</summary>
    public static IReadOnlyList<SchemaMigration> Load(string folder)
    {
        var assembly = typeof(SchemaMigration).Assembly;
        var prefix = folder.TrimEnd('/') + "/";
        var result = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var file = resource[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNNN_name.sql.");
            }

            result.Add(new SchemaMigration(version, file[(underscore + 1)..], Read(assembly, resource)));
        }

        result.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].Version == result[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations in {folder} have version {result[i].Version}.");
            }
        }

        return result.Count > 0 ? result : throw new InvalidOperationException($"No migrations are embedded under {folder}.");
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
