using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Typed access to the parsed YAML of the deployment files, failing the test with the missing key.</summary>
public static class Yaml
{
    public static Dictionary<string, object?> Map(Dictionary<string, object?> parent, string key) =>
        Assert.IsType<Dictionary<string, object?>>(parent.TryGetValue(key, out var value) ? value : null);

    public static string Text(Dictionary<string, object?> parent, string key) =>
        Assert.IsType<string>(parent.TryGetValue(key, out var value) ? value : null);

    public static List<object?> Sequence(Dictionary<string, object?> parent, string key) =>
        Assert.IsType<List<object?>>(parent.TryGetValue(key, out var value) ? value : null);

    public static List<string> List(Dictionary<string, object?> parent, string key) => [.. Sequence(parent, key).Cast<string>()];
}

/// <summary>A Dockerfile's instructions, with continuation lines joined.</summary>
public static partial class Dockerfile
{
    public static List<string> Lines(string file) =>
        [.. Continuation().Replace(RepositoryFiles.Read(file), " ").Split('\n').Select(l => Spaces().Replace(l.Trim(), " ")).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>The ports of the runtime stage's EXPOSE.</summary>
    public static List<string> Exposed(string file) =>
        [.. Lines(file).SkipWhile(l => !l.EndsWith(" AS runtime", StringComparison.Ordinal)).Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ').Skip(1)];

    /// <summary>The variables set by ENV, with their values.</summary>
    public static Dictionary<string, string> EnvironmentValues(string file) =>
        Lines(file).Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => l[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(a => a.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>The names of the variables set by ENV.</summary>
    public static IEnumerable<string> Environment(string file) => EnvironmentValues(file).Keys;

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>docker-compose.yml.</summary>
public static class ComposeFile
{
    /// <summary>The whole file.</summary>
    public static Dictionary<string, object?> Document() => (Dictionary<string, object?>)YamlSubset.Parse(RepositoryFiles.Read("docker-compose.yml"))!;

    /// <summary>One service.</summary>
    public static Dictionary<string, object?> Service(string name) => Yaml.Map(Yaml.Map(Document(), "services"), name);
}

/// <summary>Silo/docker-entrypoint.sh.</summary>
public static partial class Entrypoint
{
    /// <summary>The configuration variables it exports.</summary>
    public static IEnumerable<string> Variables() =>
        Exported().Matches(RepositoryFiles.Read("Silo/docker-entrypoint.sh")).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex(@"export ([A-Za-z_]+)")]
    private static partial Regex Exported();
}

/// <summary>
/// The configuration a container starts with: the project's appsettings.json, then the image's ENV, then the compose
/// service's environment (and, for silos, what the entrypoint exports), as flat <c>Section:Key</c> paths.
/// </summary>
public static class ImageConfiguration
{
    public static Dictionary<string, string?> Silo()
    {
        var configuration = Build("Silo", "silo");
        foreach (var variable in Entrypoint.Variables())
        {
            configuration[ConfigurationKeys.FromEnvironment(variable)] = "set by docker-entrypoint.sh";
        }

        return configuration;
    }

    public static Dictionary<string, string?> Api() => Build("Api", "api");

    private static Dictionary<string, string?> Build(string project, string service)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(JsonDocument.Parse(RepositoryFiles.Read($"{project}/appsettings.json")).RootElement, string.Empty, configuration);
        foreach (var (key, value) in Dockerfile.EnvironmentValues($"{project}/Dockerfile"))
        {
            configuration[ConfigurationKeys.FromEnvironment(key)] = value;
        }

        foreach (var (key, value) in Yaml.Map(ComposeFile.Service(service), "environment"))
        {
            configuration[ConfigurationKeys.FromEnvironment(key)] = (string?)value;
        }

        return configuration;
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string?> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}:{property.Name}", into);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}:{i++}", into);
                }

                break;
            default:
                into[path] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }
    }
}
