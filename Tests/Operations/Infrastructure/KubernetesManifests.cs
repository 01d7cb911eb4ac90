using System.Globalization;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// deploy/k8s as <c>kubectl kustomize</c> renders it (offline; no cluster needed): every object as nested
/// <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c> and strings, the shape <see cref="Yaml"/> reads.
/// The folder is rendered from a copy in which secrets.env is the committed secrets.env.example, as an operator's first
/// apply would be.
/// </summary>
public sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<Dictionary<string, object?>> objects) => Objects = objects;

    /// <summary>Every rendered object.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Objects { get; }

    /// <summary>Renders <c>deploy/k8s</c> with <paramref name="edit"/> applied to the copy first (tests break it on purpose).</summary>
    public static async Task<KubernetesManifests> RenderAsync(Action<string>? edit = null)
    {
        var kubectl = ExternalTool.Require("kubectl", "install the Debian package 'kubectl' (scripts/test.sh does).");
        var copy = Directory.CreateTempSubdirectory("orleansbackend-k8s-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy/k8s")))
            {
                File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            }

            File.Copy(Path.Combine(copy.FullName, "secrets.env.example"), Path.Combine(copy.FullName, "secrets.env"), overwrite: true);
            edit?.Invoke(copy.FullName);
            var (exitCode, output) = await ExternalTool.RunAsync(kubectl, ["kustomize", copy.FullName]);
            Assert.True(exitCode == 0, $"kubectl kustomize deploy/k8s failed (exit {exitCode}):\n{output}");
            return Parse(output);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    /// <summary>The objects of a multi-document YAML stream.</summary>
    public static KubernetesManifests Parse(string yaml) =>
        new([.. YamlDocuments.Parse(yaml).Select(d => Assert.IsType<Dictionary<string, object?>>(d))]);

    /// <summary>The objects of one kind.</summary>
    public IEnumerable<Dictionary<string, object?>> OfKind(string kind) => Objects.Where(o => Kind(o) == kind);

    /// <summary>The object of <paramref name="kind"/> named <paramref name="name"/>; fails the test if there is none.</summary>
    public Dictionary<string, object?> Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Name(o) == name) ?? throw new Xunit.Sdk.XunitException($"deploy/k8s renders no {kind} '{name}'.");

    /// <summary>The object's kind.</summary>
    public static string Kind(Dictionary<string, object?> obj) => Yaml.Text(obj, "kind");

    /// <summary>The object's name.</summary>
    public static string Name(Dictionary<string, object?> obj) => Yaml.Text(Yaml.Map(obj, "metadata"), "name");

    /// <summary>The pod template's spec of a Deployment or StatefulSet.</summary>
    public static Dictionary<string, object?> PodSpec(Dictionary<string, object?> workload) => Yaml.Map(Yaml.Map(Yaml.Map(workload, "spec"), "template"), "spec");

    /// <summary>The pod template's labels of a Deployment or StatefulSet.</summary>
    public static Dictionary<string, object?> PodLabels(Dictionary<string, object?> workload) => Yaml.Map(Yaml.Map(Yaml.Map(Yaml.Map(workload, "spec"), "template"), "metadata"), "labels");

    /// <summary>The only container of a workload's pods.</summary>
    public static Dictionary<string, object?> Container(Dictionary<string, object?> workload) =>
        Assert.IsType<Dictionary<string, object?>>(Assert.Single(Yaml.Sequence(PodSpec(workload), "containers")));

    /// <summary>A container's ports, by name.</summary>
    public static Dictionary<string, int> Ports(Dictionary<string, object?> container) =>
        Yaml.Sequence(container, "ports").Cast<Dictionary<string, object?>>()
            .ToDictionary(p => Yaml.Text(p, "name"), p => int.Parse(Yaml.Text(p, "containerPort"), CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>A container's <c>env</c> entries, by name.</summary>
    public static Dictionary<string, Dictionary<string, object?>> Env(Dictionary<string, object?> container) =>
        Yaml.Sequence(container, "env").Cast<Dictionary<string, object?>>().ToDictionary(e => Yaml.Text(e, "name"), StringComparer.Ordinal);

    /// <summary>True when every label of <paramref name="selector"/> is on <paramref name="labels"/> with the same value.</summary>
    public static bool Selects(Dictionary<string, object?> selector, Dictionary<string, object?> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && Equals(value, s.Value));
}
