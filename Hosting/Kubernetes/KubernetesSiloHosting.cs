using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Hosting.Kubernetes;

namespace OrleansBackend.Hosting.Kubernetes;

/// <summary>
/// Turns on Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes) when the configuration asks for it with
/// <c>Kubernetes:Enabled=true</c> — deploy/k8s sets it. A silo then takes its pod's name as silo name and its pod's
/// address as advertised address, labels its pod with the cluster and service ids, and two silos watch the pods so a
/// deleted pod's silo is declared dead at once instead of after the membership probes time out.
/// </summary>
/// <remarks>
/// An explicit switch rather than the presence of <c>KUBERNETES_SERVICE_HOST</c> (which every pod has): the pod watcher
/// calls the Kubernetes API and needs the Role in deploy/k8s/rbac.yaml, so a silo run in a cluster some other way (or
/// without those permissions) must not start calling it. Orleans' own <see cref="KubernetesHostingOptions"/>
/// (<c>MaxAgents</c>, <c>MaxKubernetesApiRetryAttempts</c>, <c>DeleteDefunctSiloPods</c>) bind from the same section.
/// </remarks>
public static class KubernetesSiloHosting
{
    /// <summary>The configuration section: <c>Enabled</c>, and Orleans' <see cref="KubernetesHostingOptions"/>.</summary>
    public const string SectionName = "Kubernetes";

    /// <summary>The key that turns Kubernetes hosting on.</summary>
    public const string EnabledKey = SectionName + ":Enabled";

    /// <summary>Calls <c>UseKubernetesHosting()</c> when <see cref="EnabledKey"/> is true; otherwise changes nothing.</summary>
    public static ISiloBuilder UseKubernetesHostingWhenEnabled(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(EnabledKey))
        {
            return silo;
        }

        var section = configuration.GetSection(SectionName);
        return silo.UseKubernetesHosting(options => options.Bind(section));
    }
}
