using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackend.Runtime.Diagnostics.Prometheus;
using OrleansBackend.Runtime.Testing;
using OrleansBackend.Tests.Api;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// docker-compose.yml, the Dockerfiles and deploy/ (no Docker engine runs here): their structure, that every
/// configuration key they set is one the executables read, that secrets stay out of them, that Prometheus accepts
/// its configuration, and that the Grafana dashboard and alert rules only use metrics that are exported.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] Services = ["redis", "postgres", "silo", "api", "nginx", "prometheus"];

    [Fact]
    public void TheComposeFileRunsAScalableClusterBehindALoadBalancer()
    {
        var services = Map(Compose(), "services");
        Assert.Equal(Services.Order(), services.Keys.Order());

        var silo = Map(services, "silo");
        Assert.Equal("Silo/Dockerfile", Text(Map(silo, "build"), "dockerfile"));
        Assert.False(silo.ContainsKey("ports"), "a scaled service cannot publish fixed host ports");
        Assert.False(silo.ContainsKey("container_name"), "a scaled service cannot have a fixed container name");
        var siloEnvironment = Map(silo, "environment");
        Assert.False(siloEnvironment.ContainsKey("Endpoints__AdvertisedAddress"), "each replica advertises its own address (docker-entrypoint.sh)");
        var managementPort = Text(siloEnvironment, "Endpoints__ManagementPort");
        Assert.Contains(managementPort, List(silo, "expose"));
        Assert.Equal("service_healthy", Text(Map(Map(silo, "depends_on"), "redis"), "condition"));
        Assert.Equal("service_healthy", Text(Map(Map(silo, "depends_on"), "postgres"), "condition"));
        Assert.Equal("redis:6379", Text(siloEnvironment, "Cluster__Membership__ConnectionString"));
        Assert.StartsWith("Host=postgres;", Text(siloEnvironment, "Storage__ConnectionString"));

        var api = Map(services, "api");
        Assert.Equal("Api/Dockerfile", Text(Map(api, "build"), "dockerfile"));
        Assert.Equal("2", Text(Map(api, "deploy"), "replicas"));
        Assert.False(api.ContainsKey("ports"), "only nginx is published");
        var apiEnvironment = Map(api, "environment");
        Assert.Equal("Client", Text(apiEnvironment, "Cluster__Mode"));
        var apiPort = Text(apiEnvironment, "ASPNETCORE_HTTP_PORTS");
        Assert.Equal(Text(siloEnvironment, "Silo__ClusterId"), Text(apiEnvironment, "Silo__ClusterId"));
        Assert.Equal(Text(siloEnvironment, "Cluster__Secret"), Text(apiEnvironment, "Cluster__Secret"));
        Assert.Equal(Text(siloEnvironment, "Cluster__Membership__ConnectionString"), Text(apiEnvironment, "Cluster__Membership__ConnectionString"));

        Assert.Contains("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro", List(Map(services, "nginx"), "volumes"));
        Assert.Contains($"http://api:{apiPort}", RepositoryFiles.Read("deploy/nginx.conf"));
        var prometheus = List(Map(services, "prometheus"), "volumes");
        Assert.Contains("./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro", prometheus);
        Assert.Contains("./deploy/alerts.yml:/etc/prometheus/alerts.yml:ro", prometheus);

        // Prometheus finds every replica of both services through Docker's DNS, on the ports they serve.
        var jobs = Sequence((Dictionary<string, object?>)YamlSubset.Parse(RepositoryFiles.Read("deploy/prometheus.yml"))!, "scrape_configs")
            .Cast<Dictionary<string, object?>>()
            .ToDictionary(j => Text(j, "job_name"), j => (Dictionary<string, object?>)((List<object?>)j["dns_sd_configs"]!)[0]!);
        Assert.Equal(["silo"], List(jobs["silos"], "names"));
        Assert.Equal(managementPort, Text(jobs["silos"], "port"));
        Assert.Equal(["api"], List(jobs["apis"], "names"));
        Assert.Equal(apiPort, Text(jobs["apis"], "port"));
    }

    [Fact]
    public void EveryConfigurationKeyTheDeploymentSetsIsOneTheExecutablesRead()
    {
        var services = Map(Compose(), "services");
        foreach (var key in Map(Map(services, "silo"), "environment").Keys.Concat(DockerfileEnvironment("Silo/Dockerfile")))
        {
            Assert.True(ConfigurationKeys.SiloReads(ConfigurationKeys.FromEnvironment(key)), $"the silo reads no configuration key '{key}'");
        }

        foreach (var key in Map(Map(services, "api"), "environment").Keys.Concat(DockerfileEnvironment("Api/Dockerfile")))
        {
            Assert.True(
                key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || ConfigurationKeys.ApiReads(ConfigurationKeys.FromEnvironment(key)),
                $"the Api reads no configuration key '{key}'");
        }

        // The checker itself must reject what the executables do not read.
        Assert.False(ConfigurationKeys.SiloReads("Endpoints:ManagmentPort"));
        Assert.False(ConfigurationKeys.SiloReads("Cluster:Mode"));
    }

    [Fact]
    public void ComposeSetsTheConfigurationKeysThatClusterShSets()
    {
        var script = RepositoryFiles.Read("scripts/cluster.sh");
        var services = Map(Compose(), "services");
        var composeSilo = Map(Map(services, "silo"), "environment").Keys.Concat(DockerfileEnvironment("Silo/Dockerfile"))
            .Select(ConfigurationKeys.FromEnvironment)
            .Concat(EntrypointKeys())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var composeApi = Map(Map(services, "api"), "environment").Keys.Concat(DockerfileEnvironment("Api/Dockerfile"))
            .Select(ConfigurationKeys.FromEnvironment)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var siloKeys = ScriptKeys(FunctionBody(script, "start_silo"));
        var apiKeys = ScriptKeys(FunctionBody(script, "start_api"));

        Assert.True(siloKeys.Count >= 10, $"cluster.sh sets {siloKeys.Count} silo keys");
        Assert.All(siloKeys, key => Assert.True(composeSilo.Contains(key), $"cluster.sh sets {key} for silos; docker-compose.yml does not"));
        Assert.True(apiKeys.Count >= 5, $"cluster.sh sets {apiKeys.Count} Api keys");
        Assert.All(apiKeys, key => Assert.True(composeApi.Contains(key), $"cluster.sh sets {key} for the Api; docker-compose.yml does not"));

        // cluster.sh gives the Api --urls; compose gives it the port the same way the image does.
        Assert.Contains("--urls", FunctionBody(script, "start_api"));
        Assert.Contains("ASPNETCORE_HTTP_PORTS", composeApi);
    }

    [Fact]
    public void SecretsComeFromTheEnvironmentAndNeverFromTheFiles()
    {
        var services = Map(Compose(), "services");
        var secrets = new[]
        {
            Text(Map(Map(services, "silo"), "environment"), "Cluster__Secret"),
            Text(Map(Map(services, "api"), "environment"), "Cluster__Secret"),
            Text(Map(Map(services, "api"), "environment"), "Operations__OperatorToken"),
            Text(Map(Map(services, "postgres"), "environment"), "POSTGRES_PASSWORD"),
        };
        Assert.All(secrets, value => Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]+\}$", value));
        Assert.Contains("Password=${POSTGRES_PASSWORD}", Text(Map(Map(services, "silo"), "environment"), "Storage__ConnectionString"));
        Assert.Contains(".env", RepositoryFiles.Read(".gitignore").Split('\n'));
        Assert.Contains("CLUSTER_SECRET=replace-", RepositoryFiles.Read("deploy/compose.env.example"));
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "11111", "30000", "8080")]
    [InlineData("Api/Dockerfile", "8080")]
    public void TheDockerfilesAreMultiStageNonRootAndHealthChecked(string file, params string[] ports)
    {
        var lines = RepositoryFiles.Read(file).Split('\n');
        var stages = lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.True(stages >= 2, $"{file} builds in one stage and runs in another");
        var runtime = lines.SkipWhile(l => !l.Contains(" AS runtime", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtime);
        Assert.Contains(runtime, l => l.StartsWith("USER $APP_UID", StringComparison.Ordinal));
        Assert.DoesNotContain(runtime, l => l.StartsWith("USER root", StringComparison.Ordinal) || l.StartsWith("USER 0", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.Contains("/health/ready", StringComparison.Ordinal));
        var exposed = runtime.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ').Skip(1).ToList();
        Assert.Equal(ports, exposed);
        foreach (var copied in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            var source = copied.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).Skip(1).SkipLast(1);
            Assert.All(source, s => Assert.True(File.Exists(RepositoryFiles.PathOf(s)) || Directory.Exists(RepositoryFiles.PathOf(s)), $"{file} copies {s}, which does not exist"));
        }
    }

    [Fact]
    public void TheSiloEntrypointIsExecutableAndAdvertisesTheContainerAddress()
    {
        var script = RepositoryFiles.PathOf("Silo/docker-entrypoint.sh");
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserExecute : File.GetUnixFileMode(script);
        Assert.True((mode & UnixFileMode.UserExecute) != 0, "docker-entrypoint.sh is executable");
        var text = File.ReadAllText(script);
        Assert.StartsWith("#!/bin/sh", text);
        Assert.Contains("Endpoints__AdvertisedAddress", text);
        Assert.Contains("exec dotnet /app/OrleansBackend.Silo.dll", text);
    }

    [Fact]
    public async Task PromtoolAcceptsThePrometheusConfigurationAndItsRules()
    {
        var (exitCode, output) = await ExternalToolPromtool(["check", "config", RepositoryFiles.PathOf("deploy/prometheus.yml")]);
        Assert.True(exitCode == 0, $"promtool check config failed:\n{output}");
        Assert.Contains("rules found", output);
    }

    [Fact]
    public void NginxLogsNoTokensAndHidesMetrics()
    {
        var nginx = RepositoryFiles.Read("deploy/nginx.conf");
        Assert.Contains("resolver 127.0.0.11", nginx);
        Assert.DoesNotContain("$http_authorization", nginx);
        Assert.DoesNotContain("$request_uri", nginx);
        Assert.DoesNotContain("$args", nginx);
        Assert.Contains("location = /metrics", nginx);
        Assert.Contains("proxy_set_header X-Forwarded-For", nginx);
    }

    [Fact]
    public async Task TheGrafanaDashboardAndTheAlertsUseOnlyExportedMetrics()
    {
        var families = await ExportedFamiliesAsync();
        var dashboard = JsonDocument.Parse(RepositoryFiles.Read("deploy/grafana/orleansbackend.json")).RootElement;
        var expressions = dashboard.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .ToList();
        Assert.True(expressions.Count >= 30, $"the dashboard has {expressions.Count} queries");
        expressions.AddRange(AlertExpressions());

        var used = expressions.SelectMany(MetricNames).Distinct().ToList();
        foreach (var name in used)
        {
            var family = HistogramSuffix().Replace(name, string.Empty);
            Assert.True(families.Contains(name) || families.Contains(family), $"'{name}' is used by the dashboard or the alerts but no process exports it");
        }

        foreach (var wanted in new[] { "orleans_activations", "orleans_grain_calls_total", "orleans_grain_call_duration_seconds", "orleans_messaging_messages_total",
            "orleans_messaging_bytes_total", "orleans_membership_silos", "orleans_membership_changes_total", "orleans_storage_writes_total",
            "orleans_storage_read_duration_seconds", "orleans_storage_write_duration_seconds", "http_server_request_duration_seconds",
            "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes", "dotnet_gc_collections_total" })
        {
            Assert.Contains(used, u => u == wanted || HistogramSuffix().Replace(u, string.Empty) == wanted);
        }
    }

    private static async Task<HashSet<string>> ExportedFamiliesAsync()
    {
        var families = new HashSet<string>(StringComparer.Ordinal);
        var data = Directory.CreateTempSubdirectory("orleansbackend-grafana-");
        await using (var factory = new ApiFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:ConnectionString"] = Path.Combine(data.FullName, "state.db"),
        }))
        {
            factory.UseKestrel(0);
            factory.StartServer();
            var client = new ApiClient(factory.CreateClient());
            await client.GetAsync("/health/ready");
            families.UnionWith(factory.Services.GetRequiredService<PrometheusMetricsCollector>().FamilyNames);
        }

        data.Delete(recursive: true);

        var builder = LoadTolerantCluster.Builder(2);
        builder.Options.ManagementEndpoints = true;
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        families.UnionWith(cluster.Silos[0].Services.GetRequiredService<PrometheusMetricsCollector>().FamilyNames);
        return families;
    }

    private static IEnumerable<string> AlertExpressions()
    {
        var groups = Sequence((Dictionary<string, object?>)YamlSubset.Parse(RepositoryFiles.Read("deploy/alerts.yml"))!, "groups");
        return groups.Cast<Dictionary<string, object?>>()
            .SelectMany(g => ((List<object?>)g["rules"]!).Cast<Dictionary<string, object?>>())
            .Select(r => Text(r, "expr"));
    }

    /// <summary>Metric names in a PromQL expression (label matchers and grouping lists removed first).</summary>
    private static IEnumerable<string> MetricNames(string expression)
    {
        var bare = Grouping().Replace(Matchers().Replace(expression, "{}"), string.Empty);
        return MetricToken().Matches(bare).Select(m => m.Value);
    }

    private static Task<(int ExitCode, string Output)> ExternalToolPromtool(string[] arguments) =>
        ExternalTool.RunAsync(ExternalTool.Require("promtool", "install the Debian package 'prometheus' (scripts/test.sh does)."), arguments);

    private static IEnumerable<string> DockerfileEnvironment(string file)
    {
        var text = RepositoryFiles.Read(file).Replace("\\\n", " ", StringComparison.Ordinal);
        return text.Split('\n').Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => l[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(assignment => assignment.Split('=')[0]);
    }

    /// <summary>The keys a shell function passes: <c>--Section:Key=</c> arguments and <c>Section__Key=</c> variables.</summary>
    private static List<string> ScriptKeys(string body) =>
        [.. ScriptArgument().Matches(body).Select(m => m.Groups[1].Value)
            .Concat(ScriptVariable().Matches(body).Select(m => ConfigurationKeys.FromEnvironment(m.Groups[1].Value)))
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string FunctionBody(string script, string name)
    {
        var start = script.IndexOf(name + "() {", StringComparison.Ordinal);
        Assert.True(start >= 0, $"cluster.sh has no function {name}");
        var end = script.IndexOf("\n}\n", start, StringComparison.Ordinal);
        return script[start..end];
    }

    /// <summary>The keys the silo image's entrypoint sets per container.</summary>
    private static IEnumerable<string> EntrypointKeys() =>
        ScriptVariable().Matches(RepositoryFiles.Read("Silo/docker-entrypoint.sh")).Select(m => ConfigurationKeys.FromEnvironment(m.Groups[1].Value)).Distinct();

    private static Dictionary<string, object?> Compose() => (Dictionary<string, object?>)YamlSubset.Parse(RepositoryFiles.Read("docker-compose.yml"))!;

    private static Dictionary<string, object?> Map(Dictionary<string, object?> parent, string key) =>
        Assert.IsType<Dictionary<string, object?>>(parent.TryGetValue(key, out var value) ? value : null);

    private static string Text(Dictionary<string, object?> parent, string key) =>
        Assert.IsType<string>(parent.TryGetValue(key, out var value) ? value : null);

    private static List<object?> Sequence(Dictionary<string, object?> parent, string key) =>
        Assert.IsType<List<object?>>(parent.TryGetValue(key, out var value) ? value : null);

    private static List<string> List(Dictionary<string, object?> parent, string key) =>
        [.. Assert.IsType<List<object?>>(parent.TryGetValue(key, out var value) ? value : null).Cast<string>()];

    [GeneratedRegex(@"--([A-Za-z]+(?::[A-Za-z]+)+)=")]
    private static partial Regex ScriptArgument();

    [GeneratedRegex(@"\b([A-Z][A-Za-z]*__[A-Za-z_]+)=")]
    private static partial Regex ScriptVariable();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b(orleans|http|dotnet|kestrel|aspnetcore)_[a-z0-9_]+")]
    private static partial Regex MetricToken();

    [GeneratedRegex(@"_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
