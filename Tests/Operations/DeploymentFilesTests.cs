using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Operations;

/// <summary>
/// docker-compose.yml, the Dockerfiles and deploy/ (no Docker engine runs here): their structure, that every
/// configuration key they set is one the executables read, that ports and images agree, that secrets stay out of them,
/// that Prometheus accepts its configuration and rules, and that the Grafana dashboard and the alerts only name metrics
/// that running processes export.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] Services = ["certificates", "redis", "postgres", "silo", "api", "nginx", "prometheus"];

    /// <summary>
    /// Families the alerts and the dashboard name that a short, healthy session does not export, because they appear only
    /// under the condition they are about, with the instrument each comes from (the test checks the name is what the
    /// exporter makes of it).
    /// </summary>
    private static readonly Dictionary<string, (string Instrument, string Unit, string Kind, string Why)> ConditionalFamilies = new()
    {
        ["orleansbackend_outbox_publish_failures_total"] = ("orleansbackend.outbox.publish_failures", "{failure}", "counter",
            "Grains/Events/OutboxMetrics.cs: counted only when a publish to the Events stream fails"),

        // Added in parallel with the degraded-storage work (the grain-storage circuit breaker): an observable gauge, 1
        // while a provider's circuit is open, labelled provider. Once it is merged and exported by every silo, this
        // entry can go.
        ["orleansbackend_storage_circuit_open"] = ("orleansbackend.storage.circuit.open", "{circuit}", "gauge",
            "the grain-storage circuit breaker: 1 while open"),
    };

    [Fact]
    public void TheComposeFileRunsAScalableClusterBehindALoadBalancer()
    {
        var services = Yaml.Map(Compose(), "services");
        Assert.Equal(Services.Order(), services.Keys.Order());

        var silo = Yaml.Map(services, "silo");
        Assert.Equal("Silo/Dockerfile", Yaml.Text(Yaml.Map(silo, "build"), "dockerfile"));
        Assert.Equal("orleansbackend-silo:latest", Yaml.Text(silo, "image"));
        Assert.False(silo.ContainsKey("ports"), "a scaled service cannot publish fixed host ports");
        Assert.False(silo.ContainsKey("container_name"), "a scaled service cannot have a fixed container name");
        Assert.Equal(Dockerfile.Exposed("Silo/Dockerfile"), Yaml.List(silo, "expose"));
        Assert.Equal("service_healthy", Yaml.Text(Yaml.Map(Yaml.Map(silo, "depends_on"), "redis"), "condition"));
        Assert.Equal("service_healthy", Yaml.Text(Yaml.Map(Yaml.Map(silo, "depends_on"), "postgres"), "condition"));
        var siloEnvironment = Yaml.Map(silo, "environment");
        Assert.Equal("redis:6379", Yaml.Text(siloEnvironment, "ConnectionStrings__redis"));
        Assert.StartsWith("Host=postgres;Port=5432;", Yaml.Text(siloEnvironment, "ConnectionStrings__orleans"));
        Assert.Contains("Database=orleansbackend", Yaml.Text(siloEnvironment, "ConnectionStrings__orleans"));
        Assert.Contains("orleansbackend", Yaml.Text(Yaml.Map(Yaml.Map(services, "postgres"), "environment"), "POSTGRES_DB"));

        var api = Yaml.Map(services, "api");
        Assert.Equal("Api/Dockerfile", Yaml.Text(Yaml.Map(api, "build"), "dockerfile"));
        Assert.Equal("orleansbackend-api:latest", Yaml.Text(api, "image"));
        Assert.Equal("2", Yaml.Text(Yaml.Map(api, "deploy"), "replicas"));
        Assert.False(api.ContainsKey("ports"), "only nginx is published");
        Assert.Equal("service_healthy", Yaml.Text(Yaml.Map(Yaml.Map(api, "depends_on"), "silo"), "condition"));
        var apiEnvironment = Yaml.Map(api, "environment");
        var apiPort = Yaml.Text(apiEnvironment, "ASPNETCORE_HTTP_PORTS");
        Assert.Equal([apiPort], Yaml.List(api, "expose"));
        Assert.Equal(Dockerfile.Exposed("Api/Dockerfile"), Yaml.List(api, "expose"));
        Assert.Equal(Yaml.Text(siloEnvironment, "Orleans__ClusterId"), Yaml.Text(apiEnvironment, "Orleans__ClusterId"));
        Assert.Equal(Yaml.Text(siloEnvironment, "Orleans__ServiceId"), Yaml.Text(apiEnvironment, "Orleans__ServiceId"));
        Assert.Equal(Yaml.Text(siloEnvironment, "ConnectionStrings__redis"), Yaml.Text(apiEnvironment, "Orleans__Clustering__ConnectionString"));

        Assert.Contains("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro", Yaml.List(Yaml.Map(services, "nginx"), "volumes"));
        Assert.Contains($"http://api:{apiPort}", RepositoryFiles.Read("deploy/nginx.conf"));
        var prometheus = Yaml.List(Yaml.Map(services, "prometheus"), "volumes");
        Assert.Contains("./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro", prometheus);
        Assert.Contains("./deploy/alerts.yml:/etc/prometheus/alerts.yml:ro", prometheus);

        // Prometheus finds every replica of both services through Docker's DNS, on the ports their /metrics answer on.
        var jobs = Yaml.Sequence((Dictionary<string, object?>)YamlSubset.Parse(RepositoryFiles.Read("deploy/prometheus.yml"))!, "scrape_configs")
            .Cast<Dictionary<string, object?>>()
            .ToDictionary(j => Yaml.Text(j, "job_name"), j => (Dictionary<string, object?>)((List<object?>)j["dns_sd_configs"]!)[0]!);
        Assert.Equal(["silo"], Yaml.List(jobs["silos"], "names"));
        Assert.Equal(new Uri(ImageConfiguration.Silo()["Urls"]!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Yaml.Text(jobs["silos"], "port"));
        Assert.Equal(["api"], Yaml.List(jobs["apis"], "names"));
        Assert.Equal(apiPort, Yaml.Text(jobs["apis"], "port"));
    }

    [Fact]
    public void SilosAndApisTalkMutualTlsWithCertificatesFromTheOneShotStep()
    {
        var services = Yaml.Map(Compose(), "services");
        var certificates = Yaml.Map(services, "certificates");
        Assert.Contains("./scripts/cluster-certs.sh:/cluster-certs.sh:ro", Yaml.List(certificates, "volumes"));
        Assert.Contains("tls:/tls", Yaml.List(certificates, "volumes"));
        var command = string.Join(' ', Yaml.List(certificates, "command"));
        Assert.Contains("sh /cluster-certs.sh /tls silo api", command);
        Assert.False(certificates.ContainsKey("restart"), "a one-shot step must not be restarted");
        Assert.True(Yaml.Map(Compose(), "volumes").ContainsKey("tls"));

        // Each node reads the CA and its own certificate from the volume, once the step has made them.
        foreach (var (service, certificate) in new[] { ("silo", "/tls/silo.pem"), ("api", "/tls/api.pem") })
        {
            var node = Yaml.Map(services, service);
            Assert.Equal("service_completed_successfully", Yaml.Text(Yaml.Map(Yaml.Map(node, "depends_on"), "certificates"), "condition"));
            Assert.Contains("tls:/tls:ro", Yaml.List(node, "volumes"));
            var environment = Yaml.Map(node, "environment");
            Assert.Equal("/tls/ca.pem", Yaml.Text(environment, "Orleans__Tls__CaCertificate"));
            Assert.Equal(certificate, Yaml.Text(environment, "Orleans__Tls__Certificate"));
            Assert.Contains($" {Path.GetFileNameWithoutExtension(certificate)}", command);
            Assert.False(environment.ContainsKey("Orleans__Tls__Enabled"), $"the {service} turns TLS off");
        }

        // The node files go to the user the images run as ($APP_UID of the .NET images).
        Assert.Equal("1654", Yaml.Text(Yaml.Map(certificates, "environment"), "TLS_OWNER"));
    }

    [Fact]
    public void EveryConfigurationKeyTheDeploymentSetsIsOneTheExecutablesRead()
    {
        var services = Yaml.Map(Compose(), "services");
        var silo = Yaml.Map(Yaml.Map(services, "silo"), "environment").Keys.Concat(Dockerfile.Environment("Silo/Dockerfile")).Concat(Entrypoint.Variables()).ToList();
        var api = Yaml.Map(Yaml.Map(services, "api"), "environment").Keys.Concat(Dockerfile.Environment("Api/Dockerfile")).ToList();
        Assert.True(silo.Count >= 8 && api.Count >= 8, "the deployment configures both executables");

        Assert.All(silo, key => Assert.True(ConfigurationKeys.SiloReads(ConfigurationKeys.FromEnvironment(key)), $"the silo reads no configuration key '{key}'"));
        Assert.All(api, key => Assert.True(ConfigurationKeys.ApiReads(ConfigurationKeys.FromEnvironment(key)), $"the Api reads no configuration key '{key}'"));

        // The checker itself rejects what the executables do not read (typos, the old runtime's keys, client-only keys on a silo).
        Assert.False(ConfigurationKeys.SiloReads("Orleans:Endpoints:SiloPrt"));
        Assert.False(ConfigurationKeys.SiloReads("Endpoints:SiloPort"));
        Assert.False(ConfigurationKeys.SiloReads("Cluster:Secret"));
        Assert.False(ConfigurationKeys.SiloReads("Cluster:Mode"));
        Assert.False(ConfigurationKeys.SiloReads("Operations:OperatorToken"));
        Assert.False(ConfigurationKeys.ApiReads("Orleans:Clustering:ConnectionStrng"));
        Assert.True(ConfigurationKeys.SiloReads("Orleans:Membership:ProbeTimeout"));
    }

    [Fact]
    public void TheImagesStartWithACompleteConfiguration()
    {
        // appsettings.json of each project, then the image's ENV, then compose's environment (and the entrypoint's).
        foreach (var (what, configuration) in new[] { ("silo", ImageConfiguration.Silo()), ("api", ImageConfiguration.Api()) })
        {
            Assert.Equal("Redis", configuration["Orleans:Clustering:ProviderType"]);
            foreach (var (key, value) in configuration.Where(kv => kv.Key.EndsWith(":ConnectionName", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.True(configuration.ContainsKey($"ConnectionStrings:{value}"), $"the {what} image names connection '{value}' ({key}) but sets no ConnectionStrings:{value}");
            }
        }

        var silo = ImageConfiguration.Silo();
        Assert.Equal("PostgresGroupCommit", silo["Orleans:GrainStorage:Default:ProviderType"]);
        Assert.Equal("Npgsql", silo["Orleans:Reminders:Invariant"]);
        Assert.Equal("Npgsql", silo["Orleans:Streaming:Events:Invariant"]);

        // The client image carries no silo providers (the embedded silo's live in embedded-silo.json, unread in Client mode).
        Assert.DoesNotContain(ImageConfiguration.Api().Keys, k => k.StartsWith("Orleans:GrainStorage", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Orleans:Reminders", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Orleans:Streaming", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("json", silo["Logging:Console:FormatterName"]);
        Assert.Equal("Client", ImageConfiguration.Api()["Cluster:Mode"]);
        Assert.Equal("json", ImageConfiguration.Api()["Logging:Console:FormatterName"]);
    }

    [Fact]
    public void ComposeSetsTheConfigurationKeysThatClusterShSets()
    {
        var script = RepositoryFiles.Read("scripts/cluster.sh");
        var silo = ImageConfiguration.Silo();
        var api = ImageConfiguration.Api();
        var siloKeys = ScriptKeys(FunctionBody(script, "start_silo"));
        var apiKeys = ScriptKeys(FunctionBody(script, "start_api"));

        Assert.True(siloKeys.Count >= 8, $"cluster.sh sets {siloKeys.Count} silo keys");
        Assert.All(siloKeys, key => Assert.True(silo.ContainsKey(key), $"cluster.sh sets {key} for silos; the silo image and docker-compose.yml do not"));
        Assert.True(apiKeys.Count >= 5, $"cluster.sh sets {apiKeys.Count} Api keys");
        Assert.All(apiKeys, key => Assert.True(api.ContainsKey(key), $"cluster.sh sets {key} for the Api; the Api image and docker-compose.yml do not"));

        // cluster.sh gives each silo its HTTP listener with --Urls and the Api with --urls; the images do it with Urls and
        // ASPNETCORE_HTTP_PORTS.
        Assert.Contains("--Urls=", FunctionBody(script, "start_silo"));
        Assert.True(silo.ContainsKey("Urls"));
        Assert.Contains("--urls", FunctionBody(script, "start_api"));
        Assert.True(api.ContainsKey("ASPNETCORE_HTTP_PORTS"));
    }

    [Fact]
    public void SecretsComeFromTheEnvironmentAndNeverFromTheFiles()
    {
        var services = Yaml.Map(Compose(), "services");
        var required = new[]
        {
            Yaml.Text(Yaml.Map(Yaml.Map(services, "api"), "environment"), "Operations__OperatorToken"),
            Yaml.Text(Yaml.Map(Yaml.Map(services, "postgres"), "environment"), "POSTGRES_PASSWORD"),
        };
        Assert.All(required, value => Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]+\}$", value));
        Assert.Contains("Password=${POSTGRES_PASSWORD};", Yaml.Text(Yaml.Map(Yaml.Map(services, "silo"), "environment"), "ConnectionStrings__orleans"));
        Assert.Contains(".env", RepositoryFiles.Read(".gitignore").Split('\n'));
        Assert.Contains(".env", RepositoryFiles.Read(".dockerignore").Split('\n'));
        var example = RepositoryFiles.Read("deploy/compose.env.example");
        foreach (var variable in new[] { "OPERATOR_TOKEN", "POSTGRES_PASSWORD" })
        {
            Assert.Contains($"{variable}=replace-", example);
        }
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Api")]
    public void TheDockerfilesBuildAndRunTheirProject(string project)
    {
        var file = $"{project}/Dockerfile";
        var lines = Dockerfile.Lines(file);
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"], lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l[5..]));
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", RepositoryFiles.Read("Directory.Build.props"));

        // Every project the executable references (transitively) is restored and copied, and nothing else is needed.
        var projects = ProjectClosure($"{project}/{project}.csproj");
        foreach (var csproj in projects)
        {
            var folder = csproj[..csproj.IndexOf('/')];
            Assert.Contains($"COPY {csproj} {folder}/", lines);
            Assert.Contains($"COPY {folder}/ {folder}/", lines);
        }

        Assert.Contains($"RUN dotnet publish {project}/{project}.csproj -c Release -o /app --no-restore", lines);
        foreach (var copied in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            var sources = copied.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).Skip(1).SkipLast(1);
            Assert.All(sources, s => Assert.True(File.Exists(RepositoryFiles.PathOf(s)) || Directory.Exists(RepositoryFiles.PathOf(s)), $"{file} copies {s}, which does not exist"));
        }

        // The runtime stage: non-root, health-checked on /health/ready where the process listens, running the right assembly.
        var runtime = lines.SkipWhile(l => !l.EndsWith(" AS runtime", StringComparison.Ordinal)).ToList();
        Assert.Contains("USER $APP_UID", runtime);
        Assert.DoesNotContain(runtime, l => l is "USER root" or "USER 0");
        var configuration = project == "Silo" ? ImageConfiguration.Silo() : ImageConfiguration.Api();
        var port = configuration.TryGetValue("ASPNETCORE_HTTP_PORTS", out var ports) ? ports! : new Uri(configuration["Urls"]!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(runtime, l => l.Contains($"curl -fsS \"http://127.0.0.1:{port}/health/ready\"", StringComparison.Ordinal));
        Assert.Contains(port, Dockerfile.Exposed(file));
        if (project == "Silo")
        {
            Assert.Equal(["11111", "30000", port], Dockerfile.Exposed(file));
            Assert.Equal("11111", configuration["Orleans:Endpoints:SiloPort"]);
            Assert.Equal("30000", configuration["Orleans:Endpoints:GatewayPort"]);
        }

        var assembly = XDocument.Load(RepositoryFiles.PathOf($"{project}/{project}.csproj")).Descendants("AssemblyName").Single().Value;
        var entrypoint = project == "Silo" ? RepositoryFiles.Read("Silo/docker-entrypoint.sh") : runtime.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Contains($"/app/{assembly}.dll", entrypoint);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheSiloEntrypointAdvertisesTheContainerAddressAndNamesTheSilo()
    {
        var script = RepositoryFiles.PathOf("Silo/docker-entrypoint.sh");
        Assert.True((File.GetUnixFileMode(script) & UnixFileMode.UserExecute) != 0, "docker-entrypoint.sh is executable");
        Assert.StartsWith("#!/bin/sh", await File.ReadAllTextAsync(script));

        // Run it with a stand-in for dotnet that prints what it was started with.
        var bin = Directory.CreateTempSubdirectory("orleansbackend-entrypoint-");
        try
        {
            var dotnet = Path.Combine(bin.FullName, "dotnet");
            await File.WriteAllTextAsync(dotnet, "#!/bin/sh\necho \"args=$*\"\nenv | grep '^Orleans__' | sort\n");
            File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var path = $"{bin.FullName}:{Environment.GetEnvironmentVariable("PATH")}";
            var (exitCode, output) = await ExternalTool.RunAsync("/bin/sh", [script, "--extra"], environment: new Dictionary<string, string> { ["PATH"] = path });

            Assert.True(exitCode == 0, output);
            Assert.Contains("args=/app/OrleansBackend.Silo.dll --extra", output);
            var address = Regex.Match(output, "Orleans__Endpoints__AdvertisedIPAddress=(.+)").Groups[1].Value.Trim();
            Assert.True(System.Net.IPAddress.TryParse(address, out _), $"the entrypoint advertises an address ({address})");
            Assert.Contains($"Orleans__Name=silo-{System.Net.Dns.GetHostName()}", output);

            var (_, given) = await ExternalTool.RunAsync("/bin/sh", [script], environment: new Dictionary<string, string>
            {
                ["PATH"] = path,
                ["Orleans__Endpoints__AdvertisedIPAddress"] = "10.1.2.3",
                ["Orleans__Name"] = "named",
            });
            Assert.Contains("Orleans__Endpoints__AdvertisedIPAddress=10.1.2.3", given);
            Assert.Contains("Orleans__Name=named", given);

            // In Kubernetes, Orleans' Kubernetes hosting advertises the pod's address (POD_IP).
            var (_, inPod) = await ExternalTool.RunAsync("/bin/sh", [script], environment: new Dictionary<string, string>
            {
                ["PATH"] = path,
                ["POD_IP"] = "10.1.2.4",
                ["Orleans__Name"] = "silo-7d9f-abcde",
            });
            Assert.DoesNotContain("Orleans__Endpoints__AdvertisedIPAddress", inPod);
            Assert.Contains("Orleans__Name=silo-7d9f-abcde", inPod);
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PromtoolAcceptsThePrometheusConfigurationAndTheAlertRulesPassTheirTests()
    {
        var (config, configOutput) = await Promtool.RunAsync("check", "config", RepositoryFiles.PathOf("deploy/prometheus.yml"));
        Assert.True(config == 0, $"promtool check config failed:\n{configOutput}");
        Assert.Contains("rules found", configOutput);
        var (rules, rulesOutput) = await Promtool.RunAsync("check", "rules", RepositoryFiles.PathOf("deploy/alerts.yml"));
        Assert.True(rules == 0, $"promtool check rules failed:\n{rulesOutput}");
        var (tests, testsOutput) = await Promtool.RunAsync("test", "rules", RepositoryFiles.PathOf("deploy/alerts.test.yml"));
        Assert.True(tests == 0, $"promtool test rules failed:\n{testsOutput}");

        // Every alert has a test, and the failure modes an operator must hear about each have their alert.
        var alerts = AlertRules().Select(r => Yaml.Text(r, "alert")).ToList();
        var tested = Yaml.Sequence(YamlDocuments.Read("deploy/alerts.test.yml"), "tests").Cast<Dictionary<string, object?>>()
            .SelectMany(t => Yaml.Sequence(t, "alert_rule_test").Cast<Dictionary<string, object?>>())
            .Select(t => Yaml.Text(t, "alertname"))
            .ToHashSet();
        Assert.True(alerts.Count >= 6, $"alerts.yml has {alerts.Count} alerts");
        Assert.All(alerts, a => Assert.True(tested.Contains(a), $"alert {a} has no test in deploy/alerts.test.yml"));
        foreach (var failureMode in new[]
        {
            "SiloDown", "StorageCircuitOpen", "ErrorBudgetBurnFast", "ErrorBudgetBurnSlow", "LatencyBudgetBurnFast", "LatencyBudgetBurnSlow",
            "StreamDeliveryStalled", "StreamDeliveryLagging", "OutboxPublishFailing",
        })
        {
            Assert.Contains(failureMode, alerts);
        }
    }

    [Fact]
    public void NginxLogsNoTokensAndHidesMetrics()
    {
        var nginx = RepositoryFiles.Read("deploy/nginx.conf");
        Assert.Contains("resolver 127.0.0.11", nginx);
        Assert.DoesNotContain("$http_authorization", nginx);
        Assert.DoesNotContain("$http_cookie", nginx);
        Assert.DoesNotContain("$request_uri", nginx);
        Assert.DoesNotContain("$args", nginx);
        Assert.Contains("location = /metrics", nginx);
        Assert.Contains("proxy_set_header X-Forwarded-For", nginx);
    }

    [Fact]
    public async Task TheGrafanaDashboardAndTheAlertsNameOnlyMetricsThatProcessesExport()
    {
        var exported = await ExportedFamilies.ScrapeAsync();
        var dashboard = JsonDocument.Parse(RepositoryFiles.Read("deploy/grafana/orleansbackend.json")).RootElement;
        var panels = dashboard.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("targets", out _)).ToList();
        var expressions = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Panel: p.GetProperty("title").GetString()!, Expression: t.GetProperty("expr").GetString()!))).ToList();
        Assert.True(expressions.Count >= 30, $"the dashboard has {expressions.Count} queries");
        var alerts = AlertRules().Select(r => (Panel: "alert " + Yaml.Text(r, "alert"), Expression: Yaml.Text(r, "expr")));
        var alertTests = Yaml.Sequence(YamlDocuments.Read("deploy/alerts.test.yml"), "tests").Cast<Dictionary<string, object?>>()
            .SelectMany(t => Yaml.Sequence(t, "input_series").Cast<Dictionary<string, object?>>())
            .Select(s => (Panel: "alert test", Expression: Yaml.Text(s, "series")));

        foreach (var (family, (instrument, unit, kind, _)) in ConditionalFamilies)
        {
            Assert.Equal(family, PrometheusFamily(instrument, unit, kind));
        }

        foreach (var (panel, expression) in expressions.Concat(alerts).Concat(alertTests))
        {
            foreach (var name in MetricNames(expression))
            {
                var family = HistogramPart().Replace(name, string.Empty);
                Assert.True(exported.Contains(name) || exported.Contains(family) || ConditionalFamilies.ContainsKey(name), $"'{name}' ({panel}: {expression}) is exported by no process");
            }
        }

        // The families an operator needs first are all on the dashboard.
        var used = expressions.SelectMany(e => MetricNames(e.Expression)).Select(n => HistogramPart().Replace(n, string.Empty)).ToHashSet();
        foreach (var wanted in new[]
        {
            "orleans_catalog_activations", "orleans_app_requests_latency_milliseconds", "orleans_storage_write_latency_milliseconds",
            "orleans_storage_read_latency_milliseconds", "orleans_client_connected_gateways", "orleans_messaging_processing_dispatcher_received_total",
            "orleans_streams_persistent_stream_messages_sent_total", "orleansbackend_outbox_published_total", "orleansbackend_sqlite_write_gate_wait_seconds",
            "http_server_request_duration_seconds", "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes",
            "orleansbackend_outbox_publish_failures_total", "orleansbackend_storage_circuit_open",
        })
        {
            Assert.Contains(wanted, used);
        }
    }

    /// <summary>The rules of deploy/alerts.yml, every group.</summary>
    private static IEnumerable<Dictionary<string, object?>> AlertRules() =>
        Yaml.Sequence(YamlDocuments.Read("deploy/alerts.yml"), "groups").Cast<Dictionary<string, object?>>()
            .SelectMany(g => Yaml.Sequence(g, "rules").Cast<Dictionary<string, object?>>());

    /// <summary>
    /// The Prometheus family OpenTelemetry's exporter makes of an instrument: dots become underscores, a unit that is
    /// not an annotation (<c>{event}</c>) is appended, and counters end in <c>_total</c>.
    /// </summary>
    private static string PrometheusFamily(string instrument, string unit, string kind) =>
        instrument.Replace('.', '_')
        + (unit.StartsWith('{') ? string.Empty : "_" + unit)
        + (kind == "counter" ? "_total" : string.Empty);

    /// <summary>Metric names in a PromQL expression (label matchers, grouping lists and functions removed first).</summary>
    private static IEnumerable<string> MetricNames(string expression)
    {
        var bare = Grouping().Replace(Matchers().Replace(expression, "{}"), string.Empty);
        return MetricToken().Matches(bare).Select(m => m.Value);
    }

    private static List<string> ProjectClosure(string csproj)
    {
        var found = new List<string>();
        var pending = new Queue<string>([csproj]);
        while (pending.TryDequeue(out var current))
        {
            if (found.Contains(current))
            {
                continue;
            }

            found.Add(current);
            var folder = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf(folder), reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Enqueue(Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/'));
            }
        }

        return found;
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

    private static Dictionary<string, object?> Compose() => ComposeFile.Document();

    [GeneratedRegex(@"--([A-Za-z]+(?::[A-Za-z]+)+)=")]
    private static partial Regex ScriptArgument();

    [GeneratedRegex(@"\b([A-Z][A-Za-z]*__[A-Za-z_]+)=")]
    private static partial Regex ScriptVariable();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b(orleansbackend|orleans|http|dotnet|kestrel|aspnetcore)_[a-z0-9_]+")]
    private static partial Regex MetricToken();

    [GeneratedRegex(@"_(bucket|sum|count)$")]
    private static partial Regex HistogramPart();
}
