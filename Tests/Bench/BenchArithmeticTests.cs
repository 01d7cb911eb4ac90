using System.Xml.Linq;
using OrleansBackend.Bench.Bank;
using OrleansBackend.Bench.Compare;
using OrleansBackend.Bench.Load;
using OrleansBackend.Bench.Ping;
using OrleansBackend.Bench.Reporting;
using OrleansBackend.Bench.ScaleOut;

namespace OrleansBackend.Tests.Bench;

/// <summary>The benchmarks' summaries, chart, audit and option checks: pure functions, no servers, no timing.</summary>
public sealed class BenchArithmeticTests
{
    [Fact]
    public void Median_of_odd_and_even_counts_and_empty()
    {
        Assert.Equal(3, CompareSummary.Median([5, 1, 3]));
        Assert.Equal(2.5, CompareSummary.Median([4, 1, 2, 3]));
        Assert.Equal(0, CompareSummary.Median([]));
    }

    [Fact]
    public void Ratio_is_ours_over_other_and_zero_without_a_measurement()
    {
        Assert.Equal(3.333, CompareSummary.Ratio(10_000, 3_000));
        Assert.Equal(0, CompareSummary.Ratio(10_000, 0));
    }

    [Fact]
    public void Summary_takes_medians_over_rounds_and_sums_errors()
    {
        var figures = CompareSummary.Summarize("ours", "read", [(1000, 1, 10, 2), (3000, 3, 30, 1), (2000, 2, 20, 0)]);
        Assert.Equal(2000, figures.RequestsPerSecond);
        Assert.Equal(20, figures.P99Ms);
        Assert.Equal(3, figures.Errors);
        Assert.Equal(3, figures.Rounds);
    }

    [Fact]
    public void Chart_is_well_formed_svg_with_every_series_and_no_bar_for_a_missing_value()
    {
        var values = new double?[,] { { 1200 }, { null } };
        var svg = SvgBarChart.Render("T <&>", "sub", [new SvgBarChart.Panel("read", "requests/s", ["read"], ["ours", "baseline"], values)]);
        var document = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        var titles = document.Descendants(ns + "title").Select(t => t.Value).ToList();
        Assert.Equal(["ours read: 1,200 requests/s"], titles);
        Assert.Contains(document.Descendants(ns + "text"), t => t.Value == "baseline");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 10)]
    [InlineData(1200, 2000)]
    [InlineData(16_637, 20_000)]
    [InlineData(50, 50)]
    public void Axis_tops_are_one_two_or_five_times_a_power_of_ten(double value, double expected) =>
        Assert.Equal(expected, SvgBarChart.NiceCeiling(value), 6);

    [Fact]
    public void Compare_options_reject_unknown_mixes_and_lone_server_options()
    {
        Assert.NotNull(CompareOptions.TryCreate(null, null, 5, 1, 8, 2, "read,bogus", true, null, false, out _));
        Assert.NotNull(CompareOptions.TryCreate("Host=x", null, 5, 1, 8, 2, "read", true, null, false, out _));
        Assert.NotNull(CompareOptions.TryCreate(null, null, 0, 1, 8, 2, "read", true, null, false, out _));
        Assert.Null(CompareOptions.TryCreate(null, null, 5, 1, 8, 2, " read , transfer,read", true, null, false, out var options));
        Assert.Equal([LoadMix.Read, LoadMix.Transfer], options!.Mixes);
    }

    [Fact]
    public void Mixed_mix_is_eight_reads_a_deposit_and_a_transfer_in_ten()
    {
        var picks = Enumerable.Range(0, 10).Select(i => LoadMix.Mixed.Pick(i)).ToList();
        Assert.Equal(8, picks.Count(p => p == LoadMix.Read));
        Assert.Single(picks, LoadMix.Deposit);
        Assert.Single(picks, LoadMix.Transfer);
        Assert.True(LoadMixes.TryParse("Transfer", out var mix) && mix == LoadMix.Transfer);
        Assert.False(LoadMixes.TryParse("writes", out _));
    }

    [Fact]
    public void Audit_of_a_consistent_bank_holds()
    {
        var accounts = new[]
        {
            new AuditedAccount("a", 70, [new("e1", "deposit", 100, null), new("e2", "transfer_out", 30, "t1")]),
            new AuditedAccount("b", 30, [new("e3", "transfer_in", 30, "t1")]),
        };
        var audit = BankAudit.Check(accounts, [new AckedTransfer("t1", "a", "b", 30)], deposited: 100);
        Assert.True(audit.Holds);
    }

    [Fact]
    public void Audit_finds_lost_doubled_and_half_applied_transfers_and_wrong_balances()
    {
        var accounts = new[]
        {
            new AuditedAccount("a", 40, [new("e1", "deposit", 100, null), new("e2", "transfer_out", 30, "t1"), new("e3", "transfer_out", 30, "t1")]),
            new AuditedAccount("b", 30, [new("e4", "transfer_in", 30, "t1")]),
        };
        var audit = BankAudit.Check(accounts, [new AckedTransfer("t1", "a", "b", 30), new AckedTransfer("t2", "b", "a", 5)], deposited: 100);
        Assert.False(audit.Conserved);
        Assert.Equal(1, audit.DuplicateApplications);
        Assert.Equal(2, audit.LostAckedWrites);
        Assert.Equal(0, audit.HalfApplied);
        Assert.Equal(0, audit.BalanceEntryMismatches);

        var half = BankAudit.Check([new AuditedAccount("a", 70, [new("e1", "deposit", 100, null), new("e2", "transfer_out", 30, "t9")])], [], deposited: 100);
        Assert.Equal(1, half.HalfApplied);
        Assert.Equal(0, half.BalanceEntryMismatches);
        Assert.False(half.Conserved);
    }

    [Fact]
    public void Activation_spread_is_the_largest_deviation_from_the_mean()
    {
        Assert.Equal(0, ActivationSpread.MaxDeviationPercent([100, 100, 100]));
        Assert.Equal(50, ActivationSpread.MaxDeviationPercent([150, 50]));
        Assert.Equal(0, ActivationSpread.MaxDeviationPercent([]));
    }

    [Fact]
    public void Histogram_percentiles_are_within_its_resolution_and_merge_across_workers()
    {
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        var microsecond = System.Diagnostics.Stopwatch.Frequency / 1_000_000.0;
        for (var i = 1; i <= 1000; i++)
        {
            (i % 2 == 0 ? first : second).Record((long)(i * 100 * microsecond));
        }

        first.Add(second);
        Assert.Equal(1000, first.Count);
        Assert.InRange(first.PercentileMicroseconds(50), 50_000 * 0.98, 50_000 * 1.02);
        Assert.InRange(first.PercentileMicroseconds(99), 99_000 * 0.98, 99_000 * 1.02);
        Assert.InRange(first.MaxMicroseconds, 100_000 * 0.999, 100_000 * 1.001);
        Assert.True(first.PercentileMicroseconds(100) <= first.MaxMicroseconds);
        Assert.Equal(0, new LatencyHistogram().PercentileMicroseconds(99));
    }

    [Fact]
    public void Ping_shapes_parse_by_name_and_refuse_others()
    {
        Assert.Equal(PingShape.InSilo, PingShapes.Parse("in-silo"));
        Assert.Equal(PingShape.CrossProcess, PingShapes.Parse(" Cross-Process "));
        Assert.Null(PingShapes.Parse("cross-silo"));
        Assert.Equal("cross-process", PingShape.CrossProcess.Name());
    }
}
