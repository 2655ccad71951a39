using Migrations.Build.Engine.Operations;

namespace Migrations.Build.Engine.Tests.Operations;

/// <summary>How MIG1011 words what an object holds: exact, bounded, estimated, or not counted.</summary>
[TestClass]
public sealed class RowCountTests
{
    [TestMethod]
    public void Each_kind_of_count_says_how_far_it_can_be_trusted()
    {
        Assert.AreEqual("1 row", RowCount.Exact(1).Describe(isColumn: false));
        Assert.AreEqual("3 rows", RowCount.Exact(3).Describe(isColumn: false));
        Assert.AreEqual("1 non-null value", RowCount.Exact(1).Describe(isColumn: true));
        Assert.AreEqual("at least 100,001 rows", new RowCount(100_001, RowCountKind.AtLeast).Describe(isColumn: false));
        Assert.AreEqual("about 2,400,000 rows (estimate)", new RowCount(2_400_000, RowCountKind.Estimate).Describe(isColumn: false));
        Assert.AreEqual("up to about 2,400,000 non-null values (estimate: the table's rows)", new RowCount(2_400_000, RowCountKind.AtMostEstimate).Describe(isColumn: true));
        Assert.AreEqual("not counted: canceling statement due to lock timeout (SQLSTATE 55P03)", RowCount.Unknown("canceling statement due to lock timeout (SQLSTATE 55P03)").Describe(isColumn: false));
    }

    [TestMethod]
    public void Only_a_count_known_to_be_zero_is_no_loss()
    {
        Assert.IsFalse(RowCount.Exact(0).MayHoldData);
        Assert.IsFalse(new RowCount(0, RowCountKind.Estimate).MayHoldData);
        Assert.IsTrue(RowCount.Exact(1).MayHoldData);
        Assert.IsTrue(RowCount.Unknown("lock timeout").MayHoldData);
    }
}
