using System.Diagnostics;
using OrleansBackend.Runtime.Messaging;

namespace OrleansBackend.Runtime.Diagnostics.Tracing;

/// <summary>
/// Client and server spans of grain calls (activity source <see cref="RuntimeTracing.ActivitySourceName"/>) and the
/// W3C trace context carried in <see cref="Message.TraceParent"/>, so that one HTTP request is one trace across
/// the Api and every silo it reaches. Without a listener no span is created; the caller's trace context is still
/// passed along (a string reference, no allocation) so logs in grains can name the trace.
/// </summary>
internal static class GrainCallTracing
{
    private static readonly ActivitySource Source = new(RuntimeTracing.ActivitySourceName);

    /// <summary>True when someone records grain spans (an OpenTelemetry tracer provider or a test listener).</summary>
    public static bool IsEnabled => Source.HasListeners();

    /// <summary>
    /// Called by the caller before a request is sent: starts the client span when tracing is on and sets the
    /// message's trace context. <paramref name="caller"/> is the request whose turn makes the call, if any. Returns
    /// the span to end with the call, or null.
    /// </summary>
    public static Activity? OnSending(Message message, Message? caller)
    {
        var ambient = Activity.Current;
        if (!Source.HasListeners())
        {
            message.TraceParent = ambient is { IdFormat: ActivityIdFormat.W3C } ? ambient.Id : caller?.TraceParent;
            return null;
        }

        var parent = ambient?.Context ?? ParseOrDefault(caller?.TraceParent);
        var span = Source.StartActivity(message.Request.Method.SpanName, ActivityKind.Client, parent);
        if (span is null)
        {
            message.TraceParent = ambient is { IdFormat: ActivityIdFormat.W3C } ? ambient.Id : caller?.TraceParent;
            return null;
        }

        // The span is the call's, not the caller's: the caller's ambient activity stays what it was.
        Activity.Current = ambient;
        message.TraceParent = span.Id;
        if (span.IsAllDataRequested)
        {
            SetRpcTags(span, message);
        }

        if (message.Kind == MessageKind.OneWay)
        {
            span.Stop();
            return null;
        }

        return span;
    }

    /// <summary>Ends the client span when the call completes (only used while tracing is on).</summary>
    public static async Task<TResult> EndWhenCompleted<TResult>(Task<TResult> call, Activity span)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            span.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            span.Stop();
        }
    }

    /// <summary>Starts the server span of a request about to run in its activation (null when tracing is off).</summary>
    public static Activity? StartServerSpan(Message message, string siloName)
    {
        if (message.Kind == MessageKind.TimerTick || !Source.HasListeners())
        {
            return null;
        }

        var span = Source.StartActivity(message.Request.Method.SpanName, ActivityKind.Server, ParseOrDefault(message.TraceParent));
        if (span is { IsAllDataRequested: true })
        {
            SetRpcTags(span, message);
            span.SetTag("orleans.silo", siloName);
        }

        return span;
    }

    /// <summary>Ends a server span with the outcome of its request.</summary>
    public static void EndServerSpan(Activity span, Exception? exception)
    {
        if (exception is not null)
        {
            // The type only: exception messages may carry user data.
            span.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }

        span.Stop();
    }

    private static void SetRpcTags(Activity span, Message message)
    {
        var method = message.Request.Method;
        span.SetTag("rpc.system", "orleans");
        span.SetTag("rpc.service", method.InterfaceName);
        span.SetTag("rpc.method", method.MethodName);
        span.SetTag("orleans.grain.id", message.Target.ToString());
    }

    private static ActivityContext ParseOrDefault(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
