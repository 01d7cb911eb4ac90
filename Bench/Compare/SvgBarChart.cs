using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansBackend.Bench.Compare;

/// <summary>
/// Writes grouped bar charts as a standalone SVG (no dependencies): one panel per metric, one group of bars per
/// mix, one bar (and colour) per system, each bar labelled with its value. Missing values leave a gap.
/// </summary>
public static class SvgBarChart
{
    private static readonly string[] Colours = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#718096"];

    public sealed record Panel(string Title, string Unit, IReadOnlyList<string> Groups, IReadOnlyList<string> Series, double?[,] Values);

    /// <summary>Panels laid out left to right, <paramref name="columns"/> to a row.</summary>
    public static string Render(string title, string subtitle, IReadOnlyList<Panel> panels, int columns = 3)
    {
        const int panelWidth = 300;
        const int panelHeight = 260;
        const int top = 70;
        columns = Math.Clamp(columns, 1, Math.Max(1, panels.Count));
        var rows = (panels.Count + columns - 1) / columns;
        var width = 20 + (columns * (panelWidth + 20));
        var series = panels.SelectMany(p => p.Series).Distinct().ToList();
        var legendTop = top + (rows * (panelHeight + 20));
        var height = legendTop + 20 + (series.Count * 18);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"20\" y=\"26\" font-size=\"16\" font-weight=\"bold\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"20\" y=\"46\" fill=\"#4a5568\">{Escape(subtitle)}</text>\n");
        for (var p = 0; p < panels.Count; p++)
        {
            RenderPanel(svg, panels[p], series, 20 + (p % columns * (panelWidth + 20)), top + (p / columns * (panelHeight + 20)), panelWidth, panelHeight);
        }

        for (var s = 0; s < series.Count; s++)
        {
            var y = legendTop + 10 + (s * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"20\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Colours[s % Colours.Length]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"38\" y=\"{y}\">{Escape(series[s])}</text>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static void RenderPanel(StringBuilder svg, Panel panel, List<string> allSeries, int x, int y, int width, int height)
    {
        const int axisLeft = 56;
        const int axisBottom = 30;
        var plotWidth = width - axisLeft - 10;
        var plotHeight = height - axisBottom - 30;
        var max = 0.0;
        foreach (var value in panel.Values)
        {
            max = Math.Max(max, value ?? 0);
        }

        max = NiceCeiling(max);
        svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate({x},{y})\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"14\" font-weight=\"bold\">{Escape(panel.Title)} ({Escape(panel.Unit)})</text>\n");
        var originY = 30 + plotHeight;
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max * tick / 4;
            var ty = originY - (plotHeight * tick / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{axisLeft}\" y1=\"{ty:0.#}\" x2=\"{axisLeft + plotWidth}\" y2=\"{ty:0.#}\" stroke=\"#e2e8f0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{axisLeft - 4}\" y=\"{ty + 4:0.#}\" text-anchor=\"end\" fill=\"#4a5568\">{Number(value)}</text>\n");
        }

        var groupWidth = plotWidth / (double)Math.Max(1, panel.Groups.Count);
        var barWidth = groupWidth * 0.8 / Math.Max(1, panel.Series.Count);
        for (var g = 0; g < panel.Groups.Count; g++)
        {
            var groupX = axisLeft + (g * groupWidth) + (groupWidth * 0.1);
            for (var s = 0; s < panel.Series.Count; s++)
            {
                if (panel.Values[s, g] is not { } value)
                {
                    continue;
                }

                var barHeight = max <= 0 ? 0 : plotHeight * value / max;
                var bx = groupX + (s * barWidth);
                var colour = Colours[allSeries.IndexOf(panel.Series[s]) % Colours.Length];
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{bx:0.#}\" y=\"{originY - barHeight:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{barHeight:0.#}\" fill=\"{colour}\"><title>{Escape(panel.Series[s])} {Escape(panel.Groups[g])}: {Number(value)} {Escape(panel.Unit)}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{bx + ((barWidth - 2) / 2):0.#}\" y=\"{originY - barHeight - 3:0.#}\" text-anchor=\"middle\" font-size=\"10\">{Number(value)}</text>\n");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{axisLeft + (g * groupWidth) + (groupWidth / 2):0.#}\" y=\"{originY + 18}\" text-anchor=\"middle\">{Escape(panel.Groups[g])}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{axisLeft}\" y1=\"{originY}\" x2=\"{axisLeft + plotWidth}\" y2=\"{originY}\" stroke=\"#2d3748\"/>\n</g>\n");
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/> (axis tops that read well).</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Number(double value) => value >= 100
        ? value.ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
