namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>Conditions on the dashboard's DOM, evaluated in the page.</summary>
public static class DashboardScript
{
    /// <summary>The colours of the active silos' swatches.</summary>
    public const string ActiveSiloColours =
        "[...document.querySelectorAll('#silos tbody tr[data-status=active] .swatch')].map(s => getComputedStyle(s).backgroundColor)";

    /// <summary>How many answers the page has shown so far.</summary>
    public const string Updates = "Number(document.querySelector('#status-line').dataset.updates)";

    private const string ActiveRows = "[...document.querySelectorAll('#silos tbody tr[data-status=active]')]";

    /// <summary>
    /// The page is live (with enough answers to fill its charts) and shows exactly <paramref name="silos"/> active
    /// silos, each with activations and calls.
    /// </summary>
    public static string LiveCluster(int silos) => $$"""
        document.querySelector('#status-line').dataset.state === 'ok'
        && Number(document.querySelector('#status-line').dataset.updates) >= 12
        && {{ActiveRows}}.length === {{silos}}
        && {{ActiveRows}}.every(r => Number(r.dataset.activations) > 0 && Number(r.dataset.callsRate) > 0)
        && Number(document.querySelector('[data-figure=activations]').dataset.value) > 0
        && Number(document.querySelector('[data-figure=calls-rate]').dataset.value) > 0
        && Number(document.querySelector('[data-figure=silos-active]').dataset.value) === {{silos}}
        && document.querySelectorAll('#grain-types tbody tr').length > 0
        && document.querySelectorAll('#methods tbody tr').length > 0
        """;

    /// <summary>The page has shown <paramref name="more"/> answers after <paramref name="seen"/>.</summary>
    public static string UpdatesSinceNow(System.Text.Json.JsonElement seen, int more) => $"{Updates} >= {seen.GetInt32() + more}";

    /// <summary>The silo is shown dead (or gone), an event says so, and the survivors carry on.</summary>
    public static string SiloDied(string name, int activeSilos) => $$"""
        {{ActiveRows}}.length === {{activeSilos}}
        && !{{ActiveRows}}.some(r => r.querySelector('td').textContent === '{{name}}')
        && [...document.querySelectorAll('#events li')].some(e => e.textContent.includes('{{name}}') && (e.textContent.includes('dead') || e.textContent.includes('left')))
        && {{ActiveRows}}.every(r => Number(r.dataset.callsRate) > 0)
        """;

    /// <summary>The silo is active with activations, and an event says it joined.</summary>
    public static string SiloJoined(string name, int activeSilos) => $$"""
        {{ActiveRows}}.length === {{activeSilos}}
        && {{ActiveRows}}.some(r => r.querySelector('td').textContent === '{{name}}' && Number(r.dataset.activations) > 0)
        && [...document.querySelectorAll('#events li')].some(e => e.textContent.includes('{{name}}') && e.textContent.includes('joined'))
        """;
}
