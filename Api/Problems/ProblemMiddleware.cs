using System.Data.Common;
using System.Globalization;
using Orleans.Runtime;
using OrleansBackend.Grains.Interfaces.Storage;

namespace OrleansBackend.Api.Problems;

/// <summary>
/// Makes every error a problem details response: bodiless error statuses from the framework (unknown route,
/// method not allowed, …) get a body, a rejected request (Kestrel's limits) keeps its status, and an exception
/// becomes 503 (the cluster or storage did not answer; retry) or, for a bug, 500.
/// </summary>
public sealed class ProblemMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ProblemMiddleware> _logger;

    public ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        catch (BadHttpRequestException exception)
        {
            _logger.LogDebug(exception, "Rejected request {Method} {Path}", context.Request.Method, context.Request.Path);
            await TryWriteAsync(context, ProblemTypes.ForStatus(exception.StatusCode) with { Status = exception.StatusCode }, exception.Message);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception) when (StorageRefusal(exception) is { } refusal)
        {
            // The silo's circuit breaker refused the storage operation (or gave up on a slow database): the client
            // should come back when the breaker will next probe the database, not hammer it every second.
            _logger.LogWarning("Request {Method} {Path} failed: {Reason}", context.Request.Method, context.Request.Path, refusal.Message);
            var seconds = Math.Max(1, (int)Math.Ceiling(refusal.RetryAfter.TotalSeconds));
            await TryWriteAsync(context, ProblemTypes.ServiceUnavailable, "Storage is unavailable just now; retry after the time in Retry-After.", retryAfter: seconds.ToString(CultureInfo.InvariantCulture));
            return;
        }
        catch (Exception exception) when (IsTransient(exception))
        {
            _logger.LogWarning(exception, "Request {Method} {Path} failed: the cluster or storage did not answer", context.Request.Method, context.Request.Path);
            await TryWriteAsync(context, ProblemTypes.ServiceUnavailable, "The service could not complete the request just now; retry shortly.", retryAfter: "1");
            return;
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await TryWriteAsync(context, ProblemTypes.InternalError, "The request failed unexpectedly; it has been logged.");
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            var type = ProblemTypes.ForStatus(response.StatusCode);
            await Problems.WriteAsync(context, type.With(DetailFor(type)) with { Status = response.StatusCode });
        }
    }

    // A silo that died with the call in flight (SiloUnavailableException), a connection that failed, a message the
    // cluster rejected, a stale etag (InconsistentStateException) or a database that did not answer (DbException) is an
    // outage, not a bug: the client retries with its Idempotency-Key, and the call may or may not have run, which
    // idempotency makes safe. Every such failure of Orleans' own is an OrleansException.
    private static bool IsTransient(Exception exception) =>
        exception is TimeoutException or OrleansException or DbException
        || (exception is AggregateException aggregate && aggregate.InnerExceptions.All(IsTransient));

    private static StorageUnavailableException? StorageRefusal(Exception exception) => exception switch
    {
        StorageUnavailableException refusal => refusal,
        AggregateException aggregate => aggregate.InnerExceptions.Select(StorageRefusal).FirstOrDefault(r => r is not null),
        _ => exception.InnerException is { } inner ? StorageRefusal(inner) : null,
    };

    private static string DetailFor(ProblemType type) => type.Code switch
    {
        "not_found" => "No resource exists at this address.",
        "method_not_allowed" => "This resource does not support the method; see the Allow header.",
        _ => type.Title,
    };

    private static async Task TryWriteAsync(HttpContext context, ProblemType type, string detail, string? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await Problems.WriteAsync(context, type.With(detail) with { Status = type.Status });
    }
}
