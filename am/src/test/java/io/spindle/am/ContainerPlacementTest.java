package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.am.ContainerPlacement.Ask;
import io.spindle.scheduler.ExecutorDemand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.junit.jupiter.api.Test;

/** Which container requests the AM wants for fake demands, and how the difference reaches the RM client. */
class ContainerPlacementTest {
  private static final Map<String, String> RACKS = Map.of("h1", "/r1", "h2", "/r1", "h3", "/r2");

  private static Ask on(String host) {
    String rack = RACKS.get(host);
    return new Ask(List.of(host), rack == null ? List.of() : List.of(rack));
  }

  @Test
  void withoutPreferencesEveryRequestGoesAnywhere() {
    assertEquals(List.of(Ask.ANYWHERE, Ask.ANYWHERE),
        ContainerPlacement.plan(2, 1, new ExecutorDemand(10, Map.of()), Map.of(), RACKS::get));
    assertEquals(List.of(), ContainerPlacement.plan(0, 1, new ExecutorDemand(10, Map.of("h1", 10)), Map.of(),
        RACKS::get));
  }

  @Test
  void hostsGetExecutorsInProportionToTheTasksThatPreferThem() {
    // 12 tasks on h1, 6 on h2, 2 on h3; 4 executors: h1 wants ceil(12*4/20)=3, h2 ceil(6*4/20)=2, h3 1.
    ExecutorDemand demand = new ExecutorDemand(20, Map.of("h1", 12, "h2", 6, "h3", 2));
    assertEquals(List.of(on("h1"), on("h1"), on("h2"), on("h1")),
        ContainerPlacement.plan(4, 1, demand, Map.of(), RACKS::get));
  }

  @Test
  void executorsAlreadyOnAHostCountAgainstItsShare() {
    ExecutorDemand demand = new ExecutorDemand(8, Map.of("h1", 4, "h2", 4));
    // 2 executors in all, one already on h1: the missing one goes to h2.
    assertEquals(List.of(on("h2")), ContainerPlacement.plan(1, 1, demand, Map.of("h1", 1), RACKS::get));
    // Both hosts served: what is missing beyond their shares goes anywhere.
    assertEquals(List.of(Ask.ANYWHERE), ContainerPlacement.plan(1, 1, new ExecutorDemand(2, Map.of("h1", 1,
        "h2", 1)), Map.of("h1", 1, "h2", 1), RACKS::get));
  }

  @Test
  void aHostGetsNoMoreExecutorsThanItsTasksCanKeepBusy() {
    // 2 tasks on h1, executors of 4 cores: one executor there is enough, the others go anywhere.
    assertEquals(List.of(on("h1"), Ask.ANYWHERE, Ask.ANYWHERE),
        ContainerPlacement.plan(3, 4, new ExecutorDemand(2, Map.of("h1", 2)), Map.of(), RACKS::get));
  }

  @Test
  void unknownRacksAreLeftOut() {
    assertEquals(List.of(new Ask(List.of("elsewhere"), List.of())),
        ContainerPlacement.plan(1, 1, new ExecutorDemand(1, Map.of("elsewhere", 1)), Map.of(), RACKS::get));
  }

  /** Records what reaches the RM client. */
  private static final class FakeSink implements ExecutorContainerRequests.Sink {
    final List<ContainerRequest> live = new ArrayList<>();
    int adds;
    int removes;

    @Override
    public void add(ContainerRequest request) {
      live.add(request);
      adds++;
    }

    @Override
    public void remove(ContainerRequest request) {
      assertTrue(live.remove(request), "removes only what it added");
      removes++;
    }
  }

  @Test
  void withANodeLabelEveryRequestCarriesItAndKeepsItsLocality() {
    FakeSink sink = new FakeSink();
    ExecutorContainerRequests requests = new ExecutorContainerRequests(sink, Resource.newInstance(1024, 1),
        Priority.newInstance(1));
    requests.sync(List.of(Ask.ANYWHERE));
    assertEquals(null, sink.live.get(0).getNodeLabelExpression(), "no label unless asked for");
    requests.nodeLabelExpression("etl");
    requests.sync(List.of(Ask.ANYWHERE, on("h1")));
    assertEquals(2, sink.live.size());
    assertEquals("etl", sink.live.get(1).getNodeLabelExpression());
    assertEquals(List.of("h1"), sink.live.get(1).getNodes());
  }

  @Test
  void syncRemovesStaleRequestsAndAddsOnlyWhatIsMissing() {
    FakeSink sink = new FakeSink();
    ExecutorContainerRequests requests = new ExecutorContainerRequests(sink, Resource.newInstance(1024, 1),
        Priority.newInstance(1));
    requests.sync(List.of(on("h1"), on("h1"), Ask.ANYWHERE));
    assertEquals(3, sink.adds);
    assertEquals(List.of("h1"), sink.live.get(0).getNodes());
    assertEquals(List.of("/r1"), sink.live.get(0).getRacks());
    assertTrue(sink.live.get(0).getRelaxLocality(), "YARN may fall back to the rack and anywhere");

    // The next stage prefers h3: one h1 request is stale, the unchanged ones stay as they are.
    ExecutorContainerRequests.Change change = requests.sync(List.of(on("h1"), on("h3"), Ask.ANYWHERE));
    assertEquals(1, change.removed());
    assertEquals(List.of(on("h3")), change.added());
    assertEquals(4, sink.adds);
    assertEquals(3, sink.live.size());

    // A container on h3 satisfies the h3 request; one on h2 (same rack as h1) the h1 request; then anywhere.
    assertTrue(requests.allocated("h3", "/r2"));
    assertEquals(List.of(on("h1"), Ask.ANYWHERE), requests.asks());
    assertTrue(requests.allocated("h2", "/r1"));
    assertEquals(List.of(Ask.ANYWHERE), requests.asks());
    assertTrue(requests.allocated("h9", null));
    assertFalse(requests.allocated("h9", null), "nothing outstanding: the container is not ours to keep");
    assertEquals(List.of(), sink.live);
  }
}
