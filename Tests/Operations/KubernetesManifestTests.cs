using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Hosting.Kubernetes;
using OrleansBackend.Hosting.Kubernetes;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;
using static OrleansBackend.Tests.Operations.Infrastructure.KubernetesManifests;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// deploy/k8s as <c>kubectl kustomize</c> renders it (offline: no cluster here), checked as a reviewer would
/// (<see cref="KubernetesReview"/>): configuration keys, ports, Services, images, Orleans' Kubernetes hosting and its
/// RBAC, graceful stops — each check shown to catch its breakage; the probes against running processes; secrets kept
/// out of the repository; and the silo executable switching Orleans' Kubernetes hosting on when the manifests ask.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class KubernetesManifestTests
{
    [Fact]
    public async Task TheRenderedManifestsPassEveryReviewCheck()
    {
        var manifests = await KubernetesManifests.RenderAsync();
        var findings = KubernetesReview.Findings(manifests);
        Assert.True(findings.Count == 0, "deploy/k8s:\n" + string.Join('\n', findings));
        Assert.True(manifests.Objects.Count >= 15, $"deploy/k8s renders {manifests.Objects.Count} objects");
    }

    [Theory]
    [InlineData("silo.yaml", "containerPort: 30000", "containerPort: 30001", "container port 'gateway' is 30001")]
    [InlineData("silo.yaml", "name: ConnectionStrings__redis", "name: ConnectionString__redis", "reads no configuration key 'ConnectionString__redis'")]
    [InlineData("config.yaml", "Orleans__ServiceId: backend", "Orleans__Service: backend", "reads no configuration key 'Orleans__Service'")]
    [InlineData("api.yaml", "key: operator-token", "key: operator_token", "comes from key 'operator_token'")]
    [InlineData("api.yaml", "      targetPort: http", "      targetPort: web", "Service api targets port 'web'")]
    [InlineData("api.yaml", "app.kubernetes.io/component: api\n  ports:", "app.kubernetes.io/component: apis\n  ports:", "Service api selects no pods")]
    [InlineData("silo.yaml", "image: orleansbackend-silo", "image: orleansbackend/silo", "silo runs image 'orleansbackend/silo'")]
    [InlineData("silo.yaml", "- name: http\n              containerPort: 8080", "- name: http\n              containerPort: 80", "container port 'http' is 80")]
    [InlineData("silo.yaml", "timeoutSeconds: 4", "timeoutSeconds: 1", "the readiness probe gives up after 1 s")]
    [InlineData("rbac.yaml", "verbs: [\"get\", \"list\", \"watch\", \"patch\"]", "verbs: [\"get\", \"list\", \"watch\"]", "may not 'patch' pods")]
    [InlineData("config.yaml", "Orleans__ClusterId: prod", "Orleans__ClusterId: staging", "label orleans/clusterId is 'prod', but the silos run with Orleans__ClusterId 'staging'")]
    [InlineData("silo.yaml", "value: \"true\"", "value: \"false\"", "Kubernetes__Enabled is not true")]
    [InlineData("silo.yaml", "fieldPath: metadata.namespace", "fieldPath: metadata.name", "POD_NAMESPACE is not the pod's metadata.namespace")]
    [InlineData("silo.yaml", "serviceAccountName: silo", "serviceAccountName: silos", "service account 'silos', which the manifests do not create")]
    [InlineData("silo.yaml", "terminationGracePeriodSeconds: 60", "terminationGracePeriodSeconds: 30", "silo: terminationGracePeriodSeconds 30 <")]
    [InlineData("api.yaml", "command: [\"sleep\", \"5\"]", "command: [\"sleep\", \"20\"]", "api: terminationGracePeriodSeconds 45 < preStop 20 s")]
    [InlineData("silo.yaml", "maxUnavailable: 0", "maxUnavailable: 1", "silo: the rollout is not RollingUpdate with maxUnavailable 0")]
    [InlineData("silo.yaml", "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: orleansbackend\n      app.kubernetes.io/component: silo", "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: orleansbackend\n      app.kubernetes.io/component: silos", "0 PodDisruptionBudgets select the silo pods")]
    [InlineData("silo.yaml", "replicas: 3", "replicas: 1", "the silo Deployment runs 1 replicas")]
    [InlineData("network-policy.yaml", "        - port: gateway", "        - port: gateways", "NetworkPolicy silo allows port 'gateways'")]
    [InlineData("network-policy.yaml", "              app.kubernetes.io/component: api\n      ports:\n        - port: gateway", "              app.kubernetes.io/component: apis\n      ports:\n        - port: gateway", "api pods cannot reach the gateway port of silo")]
    [InlineData("network-policy.yaml", "    - from:\n        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: orleansbackend\n              app.kubernetes.io/component: silo\n      ports:\n        - port: postgres", "    - ports:\n        - port: postgres", "the postgres port of postgres is open to any pod")]
    public async Task EachReviewCheckCatchesItsBreakage(string file, string original, string broken, string finding)
    {
        var manifests = await KubernetesManifests.RenderAsync(folder =>
        {
            var path = Path.Combine(folder, file);
            var text = File.ReadAllText(path);
            Assert.True(text.Split(original).Length == 2, $"'{original}' occurs once in deploy/k8s/{file}");
            File.WriteAllText(path, text.Replace(original, broken, StringComparison.Ordinal));
        });

        var findings = KubernetesReview.Findings(manifests);
        Assert.True(findings.Any(f => f.Contains(finding, StringComparison.Ordinal)), $"breaking {file} ({broken}) should be found as '{finding}'; found:\n{string.Join('\n', findings)}");
    }

    [Fact]
    public async Task EveryProbeAnswersOnTheRunningProcess()
    {
        var manifests = await KubernetesManifests.RenderAsync();
        var silo = KubernetesReview.ProbePaths(manifests.Get("Deployment", "silo"));
        var api = KubernetesReview.ProbePaths(manifests.Get("Deployment", "api"));
        Assert.Equal(["livenessProbe", "readinessProbe", "startupProbe"], silo.Keys.Order());
        Assert.Equal(["livenessProbe", "readinessProbe", "startupProbe"], api.Keys.Order());

        // A silo and a client-mode Api, ready: every probe path answers 200 where the probe's port leads (the HTTP
        // listener; KubernetesReview holds the ports to it). Like the kubelet, a probe may try again (a loaded
        // machine can make one readiness check miss its deadline); a path the app does not map never answers 200.
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, apis: 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var (process, probes) in new[] { (cluster.Silos[0], silo), (cluster.Apis[0], api) })
        {
            foreach (var (probe, path) in probes)
            {
                var status = await ProbeAsync(http, new Uri(process.BaseAddress, path));
                Assert.True(status is HttpStatusCode.OK, $"{process.Name}: the {probe} path {path} answers {status}\n{process.Tail(15)}");
            }
        }
    }

    /// <summary>The probe's answer: 200 as soon as it gets one, else the last status (or exception) within 5 tries.</summary>
    private static async Task<object> ProbeAsync(HttpClient http, Uri uri)
    {
        object last = "nothing";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(uri);
                last = response.StatusCode;
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                {
                    return response.StatusCode;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                last = exception.GetType().Name;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return last;
    }

    [Fact]
    public async Task SecretsComeFromAFileGitIgnoresAndPointAtTheDatabases()
    {
        Assert.Contains("deploy/k8s/secrets.env", RepositoryFiles.Read(".gitignore").Split('\n'));
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy/k8s"), "*.yaml"))
        {
            Assert.DoesNotContain("kind: Secret", File.ReadAllText(file));
        }

        var example = RepositoryFiles.Read("deploy/k8s/secrets.env.example").Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        Assert.Equal(["operator-token", "orleans-connection-string", "postgres-password", "redis-connection-string"], example.Keys.Order());
        Assert.All(example.Where(kv => kv.Key != "redis-connection-string"), kv => Assert.Contains("replace-", kv.Value));

        // The connection strings reach the Services of the StatefulSets, with the credentials PostgreSQL is created with.
        var manifests = await KubernetesManifests.RenderAsync();
        var postgres = new NpgsqlConnectionStringBuilder(example["orleans-connection-string"]);
        var postgresEnv = Env(Container(manifests.Get("StatefulSet", "postgres")));
        Assert.Equal(example["postgres-password"], postgres.Password);
        Assert.Equal(Yaml.Text(postgresEnv["POSTGRES_USER"], "value"), postgres.Username);
        Assert.Equal(Yaml.Text(postgresEnv["POSTGRES_DB"], "value"), postgres.Database);
        Assert.Equal("postgres-password", Yaml.Text(Yaml.Map(Yaml.Map(postgresEnv["POSTGRES_PASSWORD"], "valueFrom"), "secretKeyRef"), "key"));
        Assert.Equal(ServicePort(manifests, postgres.Host!), postgres.Port);
        var redis = example["redis-connection-string"].Split(',')[0].Split(':');
        Assert.Equal(ServicePort(manifests, redis[0]), int.Parse(redis[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OrleansKubernetesHostingIsOnExactlyWhenTheConfigurationSaysSo(bool enabled)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [KubernetesSiloHosting.EnabledKey] = enabled ? "true" : "false" });
        builder.UseOrleans(silo => silo.UseKubernetesHostingWhenEnabled(builder.Configuration));
        Assert.Equal(enabled, builder.Services.Any(d => d.ImplementationType == typeof(KubernetesClusterAgent)));
    }

    [Fact]
    public async Task TheSiloExecutableStartsOrleansKubernetesHostingWhenTheManifestsAskForIt()
    {
        // Outside a cluster the hosting cannot reach an API server: a silo with the manifests' switch on must stop
        // with the in-cluster client's complaint — which shows Silo/Program.cs hands the switch to Orleans.
        await using var database = await TestDatabase.CreateAsync();
        var work = Directory.CreateTempSubdirectory("orleansbackend-k8s-silo-");
        var settings = new Dictionary<string, string?>
        {
            ["Kubernetes:Enabled"] = "true",
            [KubernetesHostingOptions.PodNameEnvironmentVariable] = "silo-abc12",
            [KubernetesHostingOptions.PodNamespaceEnvironmentVariable] = KubernetesReview.Namespace,
            [KubernetesHostingOptions.PodIPEnvironmentVariable] = "127.0.0.1",
            ["Orleans:ClusterId"] = "k8s-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans:Endpoints:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:orleans"] = database.ConnectionString,
            ["ConnectionStrings:redis"] = TestServers.Redis,
        };
        try
        {
            await using var silo = BackendProcess.Start("k8s-silo", BackendExecutables.Silo, settings, work.FullName);
            await Eventually.True(() => silo.HasExited, "the silo stops", TimeSpan.FromSeconds(60));
            Assert.Contains(silo.Output, l => l.Contains("KUBERNETES_SERVICE_HOST", StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheReadmeSaysHowToRunInProductionAndNamesOnlyFilesThatExist()
    {
        var readme = RepositoryFiles.Read("README.md").ReplaceLineEndings("\n");
        var start = readme.IndexOf("\n## Production\n", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## Testing your grains\n", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has a '## Production' section just before '## Testing your grains'");
        var section = readme[start..end];
        Assert.Contains("\n### Kubernetes\n", section);
        Assert.Contains("\n### Alerts and dashboards\n", section);
        Assert.Contains("kubectl apply -k deploy/k8s", section);

        // Paths in backticks, from the root or (the file table) from deploy/k8s; secrets.env is the operator's own copy.
        var paths = RepositoryPath().Matches(section).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(paths.Count >= 10, $"the Production section names {paths.Count} files");
        foreach (var path in paths.Where(p => !p.EndsWith("secrets.env", StringComparison.Ordinal)))
        {
            var candidates = new[] { RepositoryFiles.PathOf(path.TrimEnd('/')), RepositoryFiles.PathOf("deploy/k8s/" + path) };
            Assert.True(candidates.Any(c => File.Exists(c) || Directory.Exists(c)), $"README.md's Production section names {path}, which does not exist");
        }

        // Every alert of deploy/alerts.yml is in the section's table.
        foreach (var alert in Yaml.Sequence(YamlDocuments.Read("deploy/alerts.yml"), "groups").Cast<Dictionary<string, object?>>()
            .SelectMany(g => Yaml.Sequence(g, "rules").Cast<Dictionary<string, object?>>()).Select(r => Yaml.Text(r, "alert")))
        {
            Assert.Contains($"`{alert}`", section);
        }
    }

    [GeneratedRegex(@"`((?:deploy|Tests|Silo|Api|Hosting|scripts)/[\w./-]*|[\w-]+\.(?:yaml|yml|json|example))`")]
    private static partial Regex RepositoryPath();

    private static int ServicePort(KubernetesManifests manifests, string service) =>
        int.Parse(Yaml.Text(Assert.IsType<Dictionary<string, object?>>(Assert.Single(Yaml.Sequence(Yaml.Map(manifests.Get("Service", service), "spec"), "ports"))), "port"), System.Globalization.CultureInfo.InvariantCulture);
}
