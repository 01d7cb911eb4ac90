using Npgsql;
using OrleansBackend.Baseline.Data;
using OrleansBackend.Baseline.Sessions;
using StackExchange.Redis;

namespace OrleansBackend.Baseline;

/// <summary>Wires the baseline: one pooled NpgsqlDataSource with auto-prepared statements, one Redis multiplexer.</summary>
public static class BaselineServices
{
    public static WebApplicationBuilder AddBaselineServices(this WebApplicationBuilder builder)
    {
        var settings = BaselineSettings.From(builder.Configuration);
        var connection = new NpgsqlConnectionStringBuilder(settings.Postgres)
        {
            SearchPath = settings.Schema,
            // Every statement here is used over and over: prepare them on each pooled connection after two uses.
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            // The app never changes session state, so returning a connection to the pool needs no reset round trip.
            NoResetOnClose = true,
        };
        if (!settings.Postgres.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxPoolSize = settings.MaxPoolSize;
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connection.ConnectionString));
        // Connect once at start-up, never on a request path (deps.md).
        builder.Services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(settings.Redis + ",abortConnect=false,connectTimeout=5000"));
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<BaselineSchema>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<MoneyStore>();
        return builder;
    }
}
