using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace OrleansBackend.Tests.Accounting;

/// <summary>
/// Counts what each HTTP request costs the backend: the grain calls it makes and the grain-state reads and writes
/// Orleans' own meter records for it. A request names the route it counts for in the <see cref="HeaderName"/> header; a
/// middleware puts that name in <see cref="RequestContext"/>, which Orleans carries along every grain call the request
/// makes, so the filter and the meter listener attribute each call and storage operation to it. Work that runs in a turn
/// of its own (an outbox published by a grain timer, stream deliveries, reminders) carries no name and is not counted.
/// </summary>
public sealed class RequestCostRecorder : IDisposable
{
    /// <summary>The header naming the route a request counts for.</summary>
    public const string HeaderName = "X-Cost-Route";

    private const string ContextKey = "orleansbackend-test-cost-route";

    private readonly ConcurrentDictionary<(string Route, string What), int> _counts = new();
    private MeterListener? _listener;

    /// <summary>Registers the middleware and the grain call filter in the Api's services.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<IStartupFilter>(new TagRequests());
        services.AddSingleton<IIncomingGrainCallFilter>(new CountCalls(this));
    }

    /// <summary>Starts listening to the storage instruments of the meter factory of one host (not of other tests' hosts).</summary>
    public void ListenTo(IMeterFactory hostMeters)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.Orleans" && ReferenceEquals(instrument.Meter.Scope, hostMeters)
                    && instrument.Name is "orleans-storage-read-latency" or "orleans-storage-write-latency" or "orleans-storage-clear-latency")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (RequestContext.Get(ContextKey) is not string route)
            {
                return;
            }

            var state = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "state_name")
                {
                    state = tag.Value as string ?? "?";
                }
            }

            var operation = instrument.Name switch
            {
                "orleans-storage-read-latency" => "read",
                "orleans-storage-write-latency" => "write",
                _ => "clear",
            };
            Add(route, $"storage {operation} {state}");
        });
        _listener.Start();
    }

    /// <summary>What <paramref name="route"/> cost in all, by "grain Interface.Method" and "storage operation state".</summary>
    public IReadOnlyDictionary<string, int> CountsOf(string route) =>
        _counts.Where(c => c.Key.Route == route).ToDictionary(c => c.Key.What, c => c.Value, StringComparer.Ordinal);

    /// <inheritdoc />
    public void Dispose() => _listener?.Dispose();

    private void Add(string route, string what) => _counts.AddOrUpdate((route, what), 1, static (_, count) => count + 1);

    private sealed class TagRequests : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate following) =>
            {
                if (context.Request.Headers.TryGetValue(HeaderName, out var route) && route.Count == 1)
                {
                    RequestContext.Set(ContextKey, route[0]!);
                }

                await following(context);
            });
            next(app);
        };
    }

    private sealed class CountCalls(RequestCostRecorder owner) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (RequestContext.Get(ContextKey) is string route && context.InterfaceName.StartsWith("OrleansBackend.", StringComparison.Ordinal))
            {
                owner.Add(route, $"call {context.InterfaceName[(context.InterfaceName.LastIndexOf('.') + 1)..]}.{context.MethodName}");
            }

            return context.Invoke();
        }
    }
}
