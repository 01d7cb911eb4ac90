using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansBackend.Hosting;

/// <summary>
/// Lets a database failure inside a grain (Npgsql's <see cref="DbException"/>s, whose namespace Orleans does not
/// serialize by default) travel back to a client in another process as itself. Without it the silo cannot write the
/// answer, and the Api sees a <c>CodecNotFoundException</c> (a 500) instead of a storage outage (a 503 with
/// Retry-After): seen in <c>Bench bank --faults restart-db</c> while PostgreSQL restarted.
/// </summary>
public static class DatabaseExceptionSerialization
{
    /// <summary>Adds database exceptions to the types Orleans' exception codec writes and reads.</summary>
    public static IServiceCollection AddDatabaseExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options =>
        {
            var earlier = options.SupportedExceptionTypeFilter;
            options.SupportedExceptionTypeFilter = type => typeof(DbException).IsAssignableFrom(type) || earlier?.Invoke(type) == true;
        });
}
