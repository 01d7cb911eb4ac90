using System.Net;

namespace OrleansBackend.Api.Operations;

/// <summary>
/// The dashboard's sign-in: a plain form that takes the operator token and, when it is right, sets the HttpOnly,
/// SameSite=Strict cookie <see cref="DashboardAccess"/> admits (scoped to the dashboard's path, 12 hours).
/// </summary>
public static class DashboardSignIn
{
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The sign-in form's path for a dashboard at <paramref name="dashboardPath"/>.</summary>
    public static string Path(string dashboardPath) => dashboardPath + "/sign-in";

    /// <summary>Maps GET (the form) and POST (the check) of the sign-in.</summary>
    public static void MapDashboardSignIn(this IEndpointRouteBuilder app, string dashboardPath)
    {
        var path = Path(dashboardPath);
        app.MapGet(path, (HttpContext context) => Form(context, dashboardPath, error: null)).ExcludeFromDescription();
        app.MapPost(path, async (HttpContext context, OperatorCredentials credentials) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return Form(context, dashboardPath, "Send the form.", StatusCodes.Status400BadRequest);
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (!credentials.Configured)
            {
                return Form(context, dashboardPath, "No operator token is configured (Operations:OperatorToken).", StatusCodes.Status403Forbidden);
            }

            if (!credentials.IsOperatorToken(form["token"].ToString()))
            {
                return Form(context, dashboardPath, "That is not the operator token.", StatusCodes.Status403Forbidden);
            }

            context.Response.Cookies.Append(OperatorCredentials.CookieName, credentials.CookieValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = dashboardPath,
                MaxAge = TimeSpan.FromHours(12),
            });
            return Results.Redirect(dashboardPath + "/", permanent: false, preserveMethod: false);
        }).DisableAntiforgery().ExcludeFromDescription();
    }

    private static IResult Form(HttpContext context, string dashboardPath, string? error, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.CacheControl = "no-store";
        var message = error is null ? string.Empty : $"<p role=\"alert\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>OrleansBackend dashboard: sign in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto}input{width:100%;padding:.4rem}button{margin-top:.8rem}</style></head>
            <body><h1>Orleans Dashboard</h1>{{message}}
            <form method="post" action="{{WebUtility.HtmlEncode(Path(dashboardPath))}}">
            <label for="token">Operator token</label><input id="token" name="token" type="password" autocomplete="off" required>
            <button type="submit">Sign in</button></form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
