namespace OrleansBackend.Baseline;

/// <summary>
/// <c>Baseline:Mode=ceiling</c>: the raw Kestrel ceiling. A balance read answers the same JSON shape as a real one
/// from a constant, with no authentication, storage or grain call, so it shows what HTTP alone costs on this machine.
/// The set-up routes answer just enough for the load generator to get going.
/// </summary>
public static class CeilingEndpoints
{
    public static void MapCeiling(this WebApplication app)
    {
        var created = DateTimeOffset.UtcNow;
        app.MapGet("/health/live", () => TypedResults.Ok());
        app.MapPost("/v1/users", () => TypedResults.Json(new UserBody("usr_ceiling", "ceiling@example.com", null, created), BaselineJsonContext.Default.UserBody, statusCode: 201));
        app.MapPost("/v1/sessions", () => TypedResults.Json(new SessionBody("ses_ceiling.token", "ses_ceiling", "usr_ceiling", created.AddDays(1)), BaselineJsonContext.Default.SessionBody, statusCode: 201));
        app.MapPost("/v1/accounts", () => TypedResults.Json(new AccountBody("acc_ceiling", "usr_ceiling", "EUR", 0, 0, created), BaselineJsonContext.Default.AccountBody, statusCode: 201));
        app.MapPost("/v1/accounts/{accountId}/deposits", (string accountId) =>
            TypedResults.Json(new EntryBody("ent_ceiling", accountId, "deposit", 1, 1, created, null, null), BaselineJsonContext.Default.EntryBody, statusCode: 201));
        app.MapGet("/v1/accounts/{accountId}", (string accountId) =>
            TypedResults.Json(new AccountBody(accountId, "usr_ceiling", "EUR", 1_000_000_000, 1, created), BaselineJsonContext.Default.AccountBody));
    }
}
