using YamlDotNet.RepresentationModel;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// Full YAML (YamlDotNet) for files <see cref="YamlSubset"/> does not read — kubectl's output, Prometheus rules with
/// folded expressions — as the same nested <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c> and
/// strings, so <see cref="Yaml"/> reads both.
/// </summary>
public static class YamlDocuments
{
    /// <summary>Every document of a (multi-document) YAML stream.</summary>
    public static List<object?> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    /// <summary>The only document of a YAML file of the repository, as a mapping.</summary>
    public static Dictionary<string, object?> Read(string relative) => Assert.IsType<Dictionary<string, object?>>(Assert.Single(Parse(RepositoryFiles.Read(relative))));

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Convert(c.Value), StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new FormatException($"Unexpected YAML node {node.NodeType}."),
    };
}
