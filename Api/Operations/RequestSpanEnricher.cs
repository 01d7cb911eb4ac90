using System.Diagnostics;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// Names ASP.NET Core's request span after its route (<c>POST /v1/transfers</c>) and tags method, route and status
/// — only when the span is being recorded, so it costs nothing while tracing is off.
/// </summary>
public sealed class RequestSpanEnricher(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (Activity.Current is not { IsAllDataRequested: true } span)
        {
            await next(context);
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        span.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
        span.SetTag("http.request.method", context.Request.Method);
        if (route is not null)
        {
            span.SetTag("http.route", route);
        }

        try
        {
            await next(context);
        }
        finally
        {
            span.SetTag("http.response.status_code", context.Response.StatusCode);
            if (context.Response.StatusCode >= 500)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
