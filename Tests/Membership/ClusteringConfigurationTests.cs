using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Hosting;
using OrleansBackend.Runtime.Membership;
using OrleansBackend.Runtime.Membership.Postgres;
using OrleansBackend.Runtime.Membership.Redis;

namespace OrleansBackend.Tests.Membership;

/// <summary>Choosing the membership provider from configuration, and its start-up errors.</summary>
public sealed class ClusteringConfigurationTests
{
    [Theory]
    [InlineData("memory", null, typeof(InMemoryMembershipTable))]
    [InlineData("Redis", "127.0.0.1:6379", typeof(RedisMembershipTable))]
    [InlineData(" postgres ", "Host=127.0.0.1;Username=postgres", typeof(PostgresMembershipTable))]
    public void TheConfiguredProviderIsRegistered(string provider, string? connectionString, Type expected)
    {
        using var host = BuildHost(silo => silo.UseConfiguredClustering(), Settings(provider, connectionString));

        // Resolving does not connect: that waits for InitializeAsync.
        Assert.IsType(expected, host.Services.GetRequiredService<IMembershipTable>());
    }

    [Theory]
    [InlineData(null, null, "Cluster:Membership:Provider is missing")]
    [InlineData("  ", null, "Cluster:Membership:Provider is missing")]
    [InlineData("mongo", null, "Cluster:Membership:Provider must be 'memory', 'redis' or 'postgres' (was 'mongo')")]
    [InlineData("redis", null, "Cluster:Membership:ConnectionString is missing")]
    [InlineData("postgres", " ", "Cluster:Membership:ConnectionString is missing")]
    public void AMissingOrBadValueIsAClearStartUpError(string? provider, string? connectionString, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => BuildHost(silo => silo.UseConfiguredClustering(), Settings(provider, connectionString)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadProviderOptionStopsTheSiloAndNamesTheKey()
    {
        var settings = Settings("redis", "127.0.0.1:6379");
        settings["Cluster:Membership:ConnectTimeout"] = "-00:00:01";
        using var host = BuildHost(silo => silo.UseConfiguredClustering(), settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Cluster:Membership:ConnectTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderOptionsBindFromTheSectionAndTheClusterIdentityFromTheSilo()
    {
        var settings = Settings("redis", "127.0.0.1:6379");
        settings["Cluster:Membership:KeyPrefix"] = "myapp";
        settings["Silo:ServiceId"] = "shop";
        settings["Silo:ClusterId"] = "blue";
        using var host = BuildHost(silo => silo.UseConfiguredClustering(), settings);

        var table = Assert.IsType<RedisMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());

        Assert.Equal("myapp:shop:blue:members", table.Key);
    }

    [Fact]
    public void TheFactoryCreatesTheConfiguredTableForProcessesWithoutASilo()
    {
        var settings = Settings("redis", "127.0.0.1:6379");
        settings["Cluster:Membership:KeyPrefix"] = "client";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        using var table = Assert.IsType<RedisMembershipTable>(MembershipTableFactory.Create(configuration, "shop", "green"));

        Assert.Equal("client:shop:green:members", table.Key);
        var error = Assert.Throws<OptionsValidationException>(() => MembershipTableFactory.Create(new ConfigurationBuilder().Build(), "shop", "green"));
        Assert.Contains("Cluster:Membership:Provider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SilosOfAnInProcessClusterShareOneInMemoryTable()
    {
        var shared = new InMemoryMembershipTable();
        using var first = BuildHost(silo => silo.UseRedisClustering("127.0.0.1:6379").UseInMemoryClustering(shared), []);
        using var second = BuildHost(silo => silo.UseInMemoryClustering(shared), []);

        Assert.Same(shared, first.Services.GetRequiredService<IMembershipTable>());
        Assert.Same(shared, second.Services.GetRequiredService<IMembershipTable>());
    }

    private static Dictionary<string, string?> Settings(string? provider, string? connectionString) => new()
    {
        ["Cluster:Membership:Provider"] = provider,
        ["Cluster:Membership:ConnectionString"] = connectionString,
        ["Cluster:Secret"] = "a-test-cluster-secret",
    };

    private static IHost BuildHost(Action<ISiloBuilder> configure, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseSilo(configure);
        return builder.Build();
    }
}
