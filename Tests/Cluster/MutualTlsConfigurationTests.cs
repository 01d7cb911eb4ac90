using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansBackend.Hosting;
using OrleansBackend.Hosting.Security;
using OrleansBackend.Tests.Infrastructure;
using OrleansBackend.Tests.Operations.Infrastructure;

namespace OrleansBackend.Tests.Cluster;

/// <summary>
/// Mutual TLS is on by default in cluster mode: a silo or client of a cluster (Redis membership) without the cluster's
/// certificates does not start, and says which key to set; the embedded mode needs none, and turning TLS off is explicit.
/// </summary>
public sealed class MutualTlsConfigurationTests
{
    private static readonly Dictionary<string, string?> ClusterClient = new()
    {
        ["Orleans:ClusterId"] = "tls-configuration",
        ["Orleans:Clustering:ProviderType"] = "Redis",
        ["Orleans:Clustering:ConnectionString"] = "127.0.0.1:1",
    };

    [Theory]
    [InlineData("silo")]
    [InlineData("client")]
    public void ClusterModeWithoutCertificatesStopsAtStartNamingTheKeys(string node)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Build(node, new Dictionary<string, string?>()));

        Assert.Contains("Orleans:Tls:CaCertificate and Orleans:Tls:Certificate must both be set", failure.Message);
        Assert.Contains("Orleans:Clustering:ProviderType=Redis", failure.Message);
        Assert.Contains("Orleans:Tls:Enabled=false", failure.Message);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("client")]
    public void ACertificateOfAnotherCaStopsTheNodeAtStart(string node)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Build(node, new Dictionary<string, string?>
        {
            ["Orleans:Tls:CaCertificate"] = TestCertificateAuthority.Cluster.CaFile,
            ["Orleans:Tls:Certificate"] = TestCertificateAuthority.Foreign.Issue("misissued"),
        }));

        Assert.Contains("Orleans:Tls:Certificate (CN=misissued) is not issued by the CA in Orleans:Tls:CaCertificate", failure.Message);
    }

    [Fact]
    public void AMissingFileOrPrivateKeyIsNamed()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => Build("client", new Dictionary<string, string?>
        {
            ["Orleans:Tls:CaCertificate"] = "/nonexistent/ca.pem",
            ["Orleans:Tls:Certificate"] = TestCertificateAuthority.Cluster.Issue("node"),
        }));
        Assert.Contains("Orleans:Tls:CaCertificate: there is no file '/nonexistent/ca.pem'", missing.Message);

        // The CA's own file holds a certificate but no key.
        var keyless = Assert.Throws<InvalidOperationException>(() => Build("client", new Dictionary<string, string?>
        {
            ["Orleans:Tls:CaCertificate"] = TestCertificateAuthority.Cluster.CaFile,
            ["Orleans:Tls:Certificate"] = TestCertificateAuthority.Cluster.CaFile,
        }));
        Assert.Contains("has no private key", keyless.Message);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("client")]
    public void TheClusterCertificatesOrAnExplicitOptOutLetTheNodeBuild(string node)
    {
        using var secured = Build(node, TestCertificateAuthority.Cluster.Settings());
        using var insecure = Build(node, new Dictionary<string, string?> { ["Orleans:Tls:Enabled"] = "false" });

        // Turned off, the node says so at every start.
        Assert.Empty(secured.Services.GetServices<IHostedService>().OfType<InsecureClusterWireWarning>());
        Assert.Single(insecure.Services.GetServices<IHostedService>().OfType<InsecureClusterWireWarning>());
    }

    [Fact]
    public void TheEmbeddedSiloNeedsNoCertificate()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(RepositoryPaths.File("Api", "embedded-silo.json"), optional: false);
        builder.AddBackendSilo();
        using var host = builder.Build();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheCertificatesClusterCertsShMakesAreAcceptedAndKeptAcrossRuns()
    {
        var directory = Directory.CreateTempSubdirectory("orleansbackend-certs-");
        try
        {
            var tls = Path.Combine(directory.FullName, "tls");
            var script = RepositoryPaths.File("scripts", "cluster-certs.sh");
            var (first, firstOutput) = await ExternalTool.RunAsync("sh", [script, tls, "silo-0", "api-0"]);
            Assert.True(first == 0, firstOutput);
            var authority = await File.ReadAllTextAsync(Path.Combine(tls, "ca.pem"));
            var silo = await File.ReadAllTextAsync(Path.Combine(tls, "silo-0.pem"));

            // A second run (cluster.sh's restart-silo, add-silo) keeps the CA and what it issued, and issues what is new.
            var (second, secondOutput) = await ExternalTool.RunAsync("sh", [script, tls, "silo-0", "silo-1"]);
            Assert.True(second == 0, secondOutput);
            Assert.Equal(authority, await File.ReadAllTextAsync(Path.Combine(tls, "ca.pem")));
            Assert.Equal(silo, await File.ReadAllTextAsync(Path.Combine(tls, "silo-0.pem")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "silo-1.pem")));

            foreach (var (node, name) in new[] { ("silo", "silo-0"), ("silo", "silo-1"), ("client", "api-0") })
            {
                using var host = Build(node, new Dictionary<string, string?>
                {
                    ["Orleans:Tls:CaCertificate"] = Path.Combine(tls, "ca.pem"),
                    ["Orleans:Tls:Certificate"] = Path.Combine(tls, $"{name}.pem"),
                });
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static IHost Build(string node, IReadOnlyDictionary<string, string?> tls)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (node == "silo")
        {
            builder.Configuration.AddJsonFile(RepositoryPaths.File("Silo", "appsettings.json"), optional: false);
        }
        else
        {
            builder.Configuration.AddInMemoryCollection(ClusterClient);
        }

        builder.Configuration.AddInMemoryCollection(tls);
        if (node == "silo")
        {
            builder.AddBackendSilo();
        }
        else
        {
            builder.AddBackendClient();
        }

        return builder.Build();
    }
}
