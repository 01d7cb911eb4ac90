using System.Globalization;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting.Kubernetes;
using OrleansBackend.Hosting.Kubernetes;
using static OrleansBackend.Tests.Operations.Infrastructure.KubernetesManifests;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// What a reviewer checks in the rendered deploy/k8s, as findings (empty when all is well), so that a test can also
/// show that each check catches its breakage: configuration keys the executables read, ports that agree with the
/// Dockerfiles and the apps, Services that reach their pods, the images docker-compose.yml builds, the RBAC and pod
/// identity Orleans' Kubernetes hosting needs, stops long enough for a graceful silo stop, and network policies that keep
/// the unauthenticated cluster ports and the databases to the pods that need them.
/// </summary>
public static class KubernetesReview
{
    /// <summary>The namespace everything goes to.</summary>
    public const string Namespace = "orleansbackend";

    /// <summary>What the silos' Kubernetes agent calls: read and label its own pod, list and watch the cluster's pods.</summary>
    public static readonly string[] SiloPodVerbs = ["get", "patch", "list", "watch"];

    /// <summary>How long the silo's and the Api's /health/ready wait for the grain call before answering 503 (Hosting/Health, Api/Endpoints).</summary>
    private const int ReadinessEndpointSeconds = 3;

    /// <summary>Every finding, one line each.</summary>
    public static List<string> Findings(KubernetesManifests manifests)
    {
        var findings = new List<string>();
        Structure(manifests, findings);
        foreach (var workload in manifests.OfKind("Deployment").Concat(manifests.OfKind("StatefulSet")))
        {
            Configuration(manifests, workload, findings);
        }

        Images(manifests, findings);
        Ports(manifests, findings);
        Services(manifests, findings);
        OrleansKubernetesHosting(manifests, findings);
        GracefulStop(manifests, findings);
        NetworkPolicies(manifests, findings);
        return findings;
    }

    /// <summary>The paths of a workload's HTTP probes, by probe.</summary>
    public static Dictionary<string, string> ProbePaths(Dictionary<string, object?> workload)
    {
        var container = Container(workload);
        return new[] { "startupProbe", "livenessProbe", "readinessProbe" }
            .Where(container.ContainsKey)
            .ToDictionary(p => p, p => Yaml.Text(Yaml.Map(Yaml.Map(container, p), "httpGet"), "path"));
    }

    /// <summary>The effective value of an environment variable of a container: its <c>env</c> value, or the value in a ConfigMap it loads.</summary>
    public static string? EnvValue(KubernetesManifests manifests, Dictionary<string, object?> container, string name)
    {
        if (container.ContainsKey("env") && Env(container).TryGetValue(name, out var entry))
        {
            return entry.TryGetValue("value", out var value) ? (string?)value : null;
        }

        foreach (var map in ConfigMapsLoaded(container))
        {
            if (manifests.OfKind("ConfigMap").FirstOrDefault(c => Name(c) == map) is { } configMap && Yaml.Map(configMap, "data").TryGetValue(name, out var fromMap))
            {
                return (string?)fromMap;
            }
        }

        return null;
    }

    private static void Structure(KubernetesManifests manifests, List<string> findings)
    {
        if (!manifests.OfKind("Namespace").Any(n => Name(n) == Namespace))
        {
            findings.Add($"no Namespace {Namespace}");
        }

        foreach (var obj in manifests.Objects.Where(o => Kind(o) != "Namespace"))
        {
            var metadata = Yaml.Map(obj, "metadata");
            if (!metadata.TryGetValue("namespace", out var ns) || (string?)ns != Namespace)
            {
                findings.Add($"{Kind(obj)} {Name(obj)} is not in namespace {Namespace}");
            }
        }

        foreach (var (kind, name) in new[] { ("Deployment", "silo"), ("Deployment", "api"), ("StatefulSet", "redis"), ("StatefulSet", "postgres"), ("Service", "api"), ("ConfigMap", "orleansbackend-config") })
        {
            if (!manifests.OfKind(kind).Any(o => Name(o) == name))
            {
                findings.Add($"no {kind} {name}");
            }
        }

        if (manifests.OfKind("Deployment").FirstOrDefault(d => Name(d) == "silo") is { } silo && Replicas(silo) < 3)
        {
            findings.Add($"the silo Deployment runs {Replicas(silo)} replicas; a cluster that survives a silo's loss and a roll needs 3");
        }

        if (manifests.OfKind("Deployment").FirstOrDefault(d => Name(d) == "api") is { } api && Replicas(api) < 2)
        {
            findings.Add($"the api Deployment runs {Replicas(api)} replica(s): one stopping Api would drop traffic");
        }
    }

    /// <summary>Every variable a container sets is a configuration key its executable reads, and every reference resolves.</summary>
    private static void Configuration(KubernetesManifests manifests, Dictionary<string, object?> workload, List<string> findings)
    {
        var container = Container(workload);
        Func<string, bool>? reads = Name(workload) switch
        {
            "silo" => ConfigurationKeys.SiloReads,
            "api" => ConfigurationKeys.ApiReads,
            _ => null, // Redis and PostgreSQL images: their variables are theirs.
        };

        var names = new List<string>();
        if (container.ContainsKey("env"))
        {
            foreach (var (name, entry) in Env(container))
            {
                names.Add(name);
                if (entry.TryGetValue("valueFrom", out var from) && from is Dictionary<string, object?> source)
                {
                    if (source.TryGetValue("secretKeyRef", out var secretRef) && secretRef is Dictionary<string, object?> secretKey)
                    {
                        var secret = manifests.OfKind("Secret").FirstOrDefault(s => Name(s) == Yaml.Text(secretKey, "name"));
                        if (secret is null || !Yaml.Map(secret, "data").ContainsKey(Yaml.Text(secretKey, "key")))
                        {
                            findings.Add($"{Name(workload)}: {name} comes from key '{Yaml.Text(secretKey, "key")}' of Secret '{Yaml.Text(secretKey, "name")}', which the manifests do not create");
                        }
                    }
                }
            }
        }

        foreach (var map in ConfigMapsLoaded(container))
        {
            if (manifests.OfKind("ConfigMap").FirstOrDefault(c => Name(c) == map) is { } configMap)
            {
                names.AddRange(Yaml.Map(configMap, "data").Keys);
            }
            else
            {
                findings.Add($"{Name(workload)} loads ConfigMap '{map}', which the manifests do not create");
            }
        }

        if (reads is null)
        {
            return;
        }

        foreach (var name in names.Where(n => !reads(ConfigurationKeys.FromEnvironment(n))))
        {
            findings.Add($"{Name(workload)}: the executable reads no configuration key '{name}'");
        }
    }

    /// <summary>The images are the ones docker-compose.yml builds from the Dockerfiles (and runs for Redis and PostgreSQL), started with their own entrypoint.</summary>
    private static void Images(KubernetesManifests manifests, List<string> findings)
    {
        foreach (var (kind, name, service) in new[] { ("Deployment", "silo", "silo"), ("Deployment", "api", "api"), ("StatefulSet", "redis", "redis"), ("StatefulSet", "postgres", "postgres") })
        {
            if (manifests.OfKind(kind).FirstOrDefault(o => Name(o) == name) is not { } workload)
            {
                continue;
            }

            var image = Yaml.Text(Container(workload), "image");
            var composed = Yaml.Text(ComposeFile.Service(service), "image");
            if (image != composed)
            {
                findings.Add($"{name} runs image '{image}'; docker-compose.yml's {service} is '{composed}'");
            }

            if (kind == "Deployment" && Container(workload).ContainsKey("command"))
            {
                findings.Add($"{name} overrides the entrypoint of its Dockerfile");
            }
        }
    }

    /// <summary>Container ports are the ports the apps listen on (Dockerfile EXPOSE and the image's configuration), and probes use the HTTP one.</summary>
    private static void Ports(KubernetesManifests manifests, List<string> findings)
    {
        if (manifests.OfKind("Deployment").FirstOrDefault(d => Name(d) == "silo") is { } silo)
        {
            var image = ImageConfiguration.Silo();
            var expected = new Dictionary<string, int>
            {
                ["silo"] = int.Parse(image["Orleans:Endpoints:SiloPort"]!, CultureInfo.InvariantCulture),
                ["gateway"] = int.Parse(image["Orleans:Endpoints:GatewayPort"]!, CultureInfo.InvariantCulture),
                ["http"] = new Uri(image["Urls"]!).Port,
            };
            ComparePorts("silo", Container(silo), expected, Dockerfile.Exposed("Silo/Dockerfile"), findings);
            ProbePorts("silo", Container(silo), expected["http"], findings);
        }

        if (manifests.OfKind("Deployment").FirstOrDefault(d => Name(d) == "api") is { } api)
        {
            var container = Container(api);
            var port = EnvValue(manifests, container, "ASPNETCORE_HTTP_PORTS") ?? Dockerfile.EnvironmentValues("Api/Dockerfile")["ASPNETCORE_HTTP_PORTS"];
            var expected = new Dictionary<string, int> { ["http"] = int.Parse(port, CultureInfo.InvariantCulture) };
            ComparePorts("api", container, expected, Dockerfile.Exposed("Api/Dockerfile"), findings);
            ProbePorts("api", container, expected["http"], findings);
        }
    }

    private static void ComparePorts(string what, Dictionary<string, object?> container, Dictionary<string, int> expected, List<string> exposed, List<string> findings)
    {
        var ports = KubernetesManifests.Ports(container);
        foreach (var (name, port) in expected)
        {
            if (!ports.TryGetValue(name, out var declared) || declared != port)
            {
                findings.Add($"{what}: container port '{name}' is {(ports.TryGetValue(name, out var p) ? p.ToString(CultureInfo.InvariantCulture) : "missing")}; the app listens on {port}");
            }
        }

        var declaredPorts = ports.Values.Select(p => p.ToString(CultureInfo.InvariantCulture)).Order().ToList();
        if (!declaredPorts.SequenceEqual(exposed.Order()))
        {
            findings.Add($"{what}: container ports {string.Join(", ", declaredPorts)} differ from the Dockerfile's EXPOSE {string.Join(", ", exposed)}");
        }
    }

    private static void ProbePorts(string what, Dictionary<string, object?> container, int httpPort, List<string> findings)
    {
        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            if (!container.TryGetValue(probe, out var value) || value is not Dictionary<string, object?> spec)
            {
                if (probe != "startupProbe")
                {
                    findings.Add($"{what} has no {probe}");
                }

                continue;
            }

            if (!spec.TryGetValue("httpGet", out var get) || get is not Dictionary<string, object?> httpGet)
            {
                findings.Add($"{what}: {probe} is not an HTTP probe of the health endpoints");
                continue;
            }

            if (ResolvePort(container, Yaml.Text(httpGet, "port")) != httpPort)
            {
                findings.Add($"{what}: {probe} probes port '{Yaml.Text(httpGet, "port")}', not the HTTP port {httpPort}");
            }

            if (probe == "readinessProbe" && Seconds(spec, "timeoutSeconds", 1) <= ReadinessEndpointSeconds)
            {
                findings.Add($"{what}: the readiness probe gives up after {Seconds(spec, "timeoutSeconds", 1)} s, before /health/ready answers (up to {ReadinessEndpointSeconds} s)");
            }
        }
    }

    /// <summary>Every Service selects pods, and targets ports their containers declare.</summary>
    private static void Services(KubernetesManifests manifests, List<string> findings)
    {
        var workloads = manifests.OfKind("Deployment").Concat(manifests.OfKind("StatefulSet")).ToList();
        foreach (var service in manifests.OfKind("Service"))
        {
            var spec = Yaml.Map(service, "spec");
            var selected = workloads.Where(w => Selects(Yaml.Map(spec, "selector"), PodLabels(w))).ToList();
            if (selected.Count == 0)
            {
                findings.Add($"Service {Name(service)} selects no pods");
            }

            foreach (var port in Yaml.Sequence(spec, "ports").Cast<Dictionary<string, object?>>())
            {
                var target = port.TryGetValue("targetPort", out var t) ? (string)t! : Yaml.Text(port, "port");
                foreach (var workload in selected.Where(w => ResolvePort(Container(w), target) is null))
                {
                    findings.Add($"Service {Name(service)} targets port '{target}', which {Name(workload)}'s container does not declare");
                }
            }
        }
    }

    /// <summary>What Microsoft.Orleans.Hosting.Kubernetes reads and calls (its source: KubernetesHostingOptions, KubernetesClusterAgent).</summary>
    private static void OrleansKubernetesHosting(KubernetesManifests manifests, List<string> findings)
    {
        if (manifests.OfKind("Deployment").FirstOrDefault(d => Name(d) == "silo") is not { } silo)
        {
            return;
        }

        var container = Container(silo);
        if (!bool.TryParse(EnvValue(manifests, container, KubernetesSiloHosting.EnabledKey.Replace(":", "__", StringComparison.Ordinal)), out var enabled) || !enabled)
        {
            findings.Add("silo: Kubernetes__Enabled is not true, so the silos do not use Orleans' Kubernetes hosting");
        }

        var env = container.ContainsKey("env") ? Env(container) : [];
        foreach (var (variable, field) in new[]
        {
            (KubernetesHostingOptions.PodNameEnvironmentVariable, "metadata.name"),
            (KubernetesHostingOptions.PodNamespaceEnvironmentVariable, "metadata.namespace"),
            (KubernetesHostingOptions.PodIPEnvironmentVariable, "status.podIP"),
            ("Orleans__Name", "metadata.name"),
        })
        {
            if (FieldRef(env, variable) != field)
            {
                findings.Add($"silo: {variable} is not the pod's {field} (fieldRef)");
            }
        }

        // The agent lists and watches the pods labelled with the silo's service and cluster ids.
        var labels = PodLabels(silo);
        foreach (var (label, key, variable) in new[]
        {
            (KubernetesHostingOptions.ClusterIdLabel, "Orleans__ClusterId", KubernetesHostingOptions.ClusterIdEnvironmentVariable),
            (KubernetesHostingOptions.ServiceIdLabel, "Orleans__ServiceId", KubernetesHostingOptions.ServiceIdEnvironmentVariable),
        })
        {
            var configured = EnvValue(manifests, container, variable) ?? EnvValue(manifests, container, key) ?? ImageConfiguration.Silo()[ConfigurationKeys.FromEnvironment(key)];
            if (!labels.TryGetValue(label, out var value) || (string?)value != configured)
            {
                findings.Add($"silo pods: label {label} is '{value}', but the silos run with {key} '{configured}'");
            }
        }

        // The pods run as a service account bound to a Role that grants what the agent calls.
        var podSpec = PodSpec(silo);
        var account = podSpec.TryGetValue("serviceAccountName", out var a) ? (string?)a : null;
        if (account is null || !manifests.OfKind("ServiceAccount").Any(s => Name(s) == account))
        {
            findings.Add($"silo pods run as service account '{account ?? "default"}', which the manifests do not create");
        }

        if (podSpec.TryGetValue("automountServiceAccountToken", out var mount) && (string?)mount == "false")
        {
            findings.Add("silo pods do not mount their service account token, which the Kubernetes agent authenticates with");
        }

        var verbs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in manifests.OfKind("RoleBinding"))
        {
            var subjects = Yaml.Sequence(binding, "subjects").Cast<Dictionary<string, object?>>();
            if (!subjects.Any(s => Yaml.Text(s, "kind") == "ServiceAccount" && Yaml.Text(s, "name") == account))
            {
                continue;
            }

            var roleRef = Yaml.Map(binding, "roleRef");
            if (Yaml.Text(roleRef, "kind") != "Role" || manifests.OfKind("Role").FirstOrDefault(r => Name(r) == Yaml.Text(roleRef, "name")) is not { } role)
            {
                continue;
            }

            foreach (var rule in Yaml.Sequence(role, "rules").Cast<Dictionary<string, object?>>())
            {
                if (Yaml.List(rule, "apiGroups").Contains(string.Empty) && Yaml.List(rule, "resources").Contains("pods"))
                {
                    verbs.UnionWith(Yaml.List(rule, "verbs"));
                }
            }
        }

        var needed = SiloPodVerbs.ToList();
        if (bool.TryParse(EnvValue(manifests, container, "Kubernetes__DeleteDefunctSiloPods"), out var deletes) && deletes)
        {
            needed.Add("delete");
        }

        foreach (var verb in needed.Where(v => !verbs.Contains(v)))
        {
            findings.Add($"the silos' service account may not '{verb}' pods, which Orleans' Kubernetes agent does");
        }
    }

    /// <summary>A stop has time to finish (preStop, then the host's shutdown timeout), rolls replace one pod at a time, and a PDB guards the silos.</summary>
    private static void GracefulStop(KubernetesManifests manifests, List<string> findings)
    {
        var shutdown = (int)new HostOptions().ShutdownTimeout.TotalSeconds;
        foreach (var name in new[] { "silo", "api" })
        {
            if (manifests.OfKind("Deployment").FirstOrDefault(d => Name(d) == name) is not { } deployment)
            {
                continue;
            }

            var podSpec = PodSpec(deployment);
            var grace = Seconds(podSpec, "terminationGracePeriodSeconds", 30);
            var preStop = PreStopSeconds(Container(deployment));
            if (preStop is null)
            {
                findings.Add($"{name} has no preStop pause");
            }
            else if (grace < preStop + shutdown + 5)
            {
                findings.Add($"{name}: terminationGracePeriodSeconds {grace} < preStop {preStop} s + the host's shutdown timeout {shutdown} s + 5 s");
            }

            var strategy = Yaml.Map(Yaml.Map(deployment, "spec"), "strategy");
            var rolling = strategy.TryGetValue("rollingUpdate", out var r) && r is Dictionary<string, object?> update ? update : [];
            if (!strategy.TryGetValue("type", out var type) || (string?)type != "RollingUpdate"
                || !rolling.TryGetValue("maxUnavailable", out var unavailable) || (string?)unavailable != "0"
                || !rolling.TryGetValue("maxSurge", out var surge) || (string?)surge != "1")
            {
                findings.Add($"{name}: the rollout is not RollingUpdate with maxUnavailable 0 and maxSurge 1");
            }

            var budgets = manifests.OfKind("PodDisruptionBudget")
                .Where(p => Selects(Yaml.Map(Yaml.Map(Yaml.Map(p, "spec"), "selector"), "matchLabels"), PodLabels(deployment)))
                .ToList();
            if (budgets.Count != 1)
            {
                findings.Add($"{budgets.Count} PodDisruptionBudgets select the {name} pods; one should");
                continue;
            }

            var budget = Yaml.Map(budgets[0], "spec");
            var allowed = budget.TryGetValue("maxUnavailable", out var max) ? int.Parse((string)max!, CultureInfo.InvariantCulture)
                : Replicas(deployment) - int.Parse(Yaml.Text(budget, "minAvailable"), CultureInfo.InvariantCulture);
            if (allowed != 1)
            {
                findings.Add($"the {name} PodDisruptionBudget lets {allowed} pods go at once; it should be one");
            }
        }
    }

    /// <summary>
    /// The silo and gateway ports, Redis and PostgreSQL are reachable from the pods that use them and from no others;
    /// the HTTP ports (metrics, probes, the Api) from anywhere.
    /// </summary>
    private static void NetworkPolicies(KubernetesManifests manifests, List<string> findings)
    {
        var workloads = manifests.OfKind("Deployment").Concat(manifests.OfKind("StatefulSet")).ToDictionary(Name);
        foreach (var policy in manifests.OfKind("NetworkPolicy"))
        {
            var selected = workloads.Values.Where(w => Selects(PolicyTargets(policy), PodLabels(w))).ToList();
            if (selected.Count == 0)
            {
                findings.Add($"NetworkPolicy {Name(policy)} selects no pods");
            }

            foreach (var rule in IngressRules(policy))
            {
                foreach (var port in RulePorts(rule).Where(p => selected.Any(w => ResolvePort(Container(w), p) is null)))
                {
                    findings.Add($"NetworkPolicy {Name(policy)} allows port '{port}', which the pods it selects do not declare");
                }
            }
        }

        foreach (var (target, port, sources, open) in new (string, string, string[], bool)[]
        {
            ("silo", "silo", ["silo"], false),
            ("silo", "gateway", ["api"], false),
            ("silo", "http", [], true),
            ("api", "http", [], true),
            ("redis", "redis", ["silo", "api"], false),
            ("postgres", "postgres", ["silo"], false),
        })
        {
            if (!workloads.TryGetValue(target, out var workload) || ResolvePort(Container(workload), port) is not { } number)
            {
                continue;
            }

            var (anyone, from) = Reach(manifests, workloads, workload, number);
            if (open && !anyone)
            {
                findings.Add($"the {port} port of {target} is closed to pods outside the cluster's own (Prometheus, the kubelet, clients)");
            }

            if (!open && anyone)
            {
                findings.Add($"the {port} port of {target} is open to any pod");
            }

            foreach (var source in sources.Where(s => !anyone && !from.Contains(s)))
            {
                findings.Add($"{source} pods cannot reach the {port} port of {target}");
            }
        }
    }

    /// <summary>Who may connect to <paramref name="port"/> of a workload's pods: anyone, or the workloads whose pods the policies admit.</summary>
    private static (bool Anyone, HashSet<string> From) Reach(KubernetesManifests manifests, Dictionary<string, Dictionary<string, object?>> workloads, Dictionary<string, object?> workload, int port)
    {
        var policies = manifests.OfKind("NetworkPolicy").Where(p => Selects(PolicyTargets(p), PodLabels(workload))).ToList();
        var from = new HashSet<string>(StringComparer.Ordinal);
        if (policies.Count == 0)
        {
            return (true, from);
        }

        foreach (var rule in policies.SelectMany(IngressRules))
        {
            var ports = RulePorts(rule).ToList();
            if (ports.Count > 0 && !ports.Any(p => ResolvePort(Container(workload), p) == port))
            {
                continue;
            }

            if (!rule.TryGetValue("from", out var peers) || peers is not List<object?> peerList)
            {
                return (true, from);
            }

            foreach (var peer in peerList.Cast<Dictionary<string, object?>>())
            {
                if (!peer.TryGetValue("podSelector", out var selector) || peer.ContainsKey("namespaceSelector") || peer.ContainsKey("ipBlock"))
                {
                    return (true, from);
                }

                var labels = Yaml.Map(Assert.IsType<Dictionary<string, object?>>(selector), "matchLabels");
                from.UnionWith(workloads.Where(w => Selects(labels, PodLabels(w.Value))).Select(w => w.Key));
            }
        }

        return (false, from);
    }

    private static Dictionary<string, object?> PolicyTargets(Dictionary<string, object?> policy) =>
        Yaml.Map(Yaml.Map(Yaml.Map(policy, "spec"), "podSelector"), "matchLabels");

    private static IEnumerable<Dictionary<string, object?>> IngressRules(Dictionary<string, object?> policy) =>
        Yaml.Map(policy, "spec").TryGetValue("ingress", out var ingress) && ingress is List<object?> rules ? rules.Cast<Dictionary<string, object?>>() : [];

    private static IEnumerable<string> RulePorts(Dictionary<string, object?> rule) =>
        rule.TryGetValue("ports", out var ports) && ports is List<object?> list ? list.Cast<Dictionary<string, object?>>().Select(p => Yaml.Text(p, "port")) : [];

    private static int? PreStopSeconds(Dictionary<string, object?> container)
    {
        if (!container.TryGetValue("lifecycle", out var lifecycle) || lifecycle is not Dictionary<string, object?> hooks
            || !hooks.TryGetValue("preStop", out var hook) || hook is not Dictionary<string, object?> preStop)
        {
            return null;
        }

        if (preStop.TryGetValue("sleep", out var sleep) && sleep is Dictionary<string, object?> sleepAction)
        {
            return int.Parse(Yaml.Text(sleepAction, "seconds"), CultureInfo.InvariantCulture);
        }

        var command = Yaml.List(Yaml.Map(preStop, "exec"), "command");
        return command is ["sleep", var seconds] ? int.Parse(seconds, CultureInfo.InvariantCulture) : null;
    }

    private static int? ResolvePort(Dictionary<string, object?> container, string port)
    {
        var ports = KubernetesManifests.Ports(container);
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? ports.ContainsValue(number) ? number : null
            : ports.TryGetValue(port, out var named) ? named : null;
    }

    private static string? FieldRef(Dictionary<string, Dictionary<string, object?>> env, string name) =>
        env.TryGetValue(name, out var entry) && entry.TryGetValue("valueFrom", out var from) && from is Dictionary<string, object?> source
            && source.TryGetValue("fieldRef", out var field) && field is Dictionary<string, object?> fieldRef
            ? Yaml.Text(fieldRef, "fieldPath")
            : null;

    private static IEnumerable<string> ConfigMapsLoaded(Dictionary<string, object?> container) =>
        container.TryGetValue("envFrom", out var envFrom) && envFrom is List<object?> sources
            ? sources.Cast<Dictionary<string, object?>>().Where(s => s.ContainsKey("configMapRef")).Select(s => Yaml.Text(Yaml.Map(s, "configMapRef"), "name"))
            : [];

    private static int Replicas(Dictionary<string, object?> workload) =>
        Yaml.Map(workload, "spec").TryGetValue("replicas", out var replicas) ? int.Parse((string)replicas!, CultureInfo.InvariantCulture) : 1;

    private static int Seconds(Dictionary<string, object?> spec, string key, int fallback) =>
        spec.TryGetValue(key, out var value) ? int.Parse((string)value!, CultureInfo.InvariantCulture) : fallback;
}
