package io.flotilla.sandbox;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * fabric8's CRUD store with an index by namespace and name. The plain store finds an
 * object by testing every object it holds, so each read, patch and status write costs
 * time in proportion to the fleet and a large fleet becomes quadratic to serve. Here a
 * request that names one object (a GET of {@code .../namespaces/NS/KIND/NAME}, a list or
 * a watch narrowed to one name by {@code fieldSelector=metadata.name=NAME}, as an
 * informer waiting on one object sends them, and every lookup the create, update and
 * patch handlers make) only tests the few objects of that namespace and name; everything
 * else (lists, label selectors, watches of many objects) goes to the plain store
 * unchanged.
 * <p>
 * The index is updated in {@link #processEvent}, through which every change of the store
 * passes, under a lock that indexed reads share, so a read never sees an object between
 * its removal and its new version.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

	private final Map<String, Set<AttributeSet>> index = new ConcurrentHashMap<>();

	private final Map<String, Set<NamedWatch>> watches = new ConcurrentHashMap<>();

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	@Override
	public MockResponse handleGet(String path) {
		AttributeSet query = getKey(path);
		String key = key(query);
		if (key == null) {
			return super.handleGet(path);
		}
		if (path.contains("watch=true")) {
			return watch(key, query);
		}
		List<String> found = find(key, query);
		MockResponse response = new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK);
		if (!query.containsKey(KubernetesAttributesExtractor.NAME)) {
			// a list narrowed to one name by a field selector, as an informer sends it
			return response.setBody(((KubernetesResponseComposer) this.responseComposer).compose(found,
					String.valueOf(requestResourceVersion())));
		}
		if (found.isEmpty()) {
			return response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
		}
		return response.setBody(found.get(0));
	}

	private List<String> find(String key, AttributeSet query) {
		this.lock.readLock().lock();
		try {
			return indexed(key, query).stream().map(Map.Entry::getValue).toList();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * The stored objects of that namespace and name that match the query.
	 */
	private List<Map.Entry<AttributeSet, String>> indexed(String key, AttributeSet query) {
		List<Map.Entry<AttributeSet, String>> found = new ArrayList<>(1);
		for (AttributeSet candidate : this.index.getOrDefault(key, Set.of())) {
			String value = candidate.matches(query) ? this.map.get(candidate) : null;
			if (value != null) {
				found.add(Map.entry(candidate, value));
			}
		}
		return found;
	}

	private MockResponse watch(String key, AttributeSet query) {
		NamedWatch watch = new NamedWatch(key, query, () -> find(key, query).stream().findFirst().orElse(null),
				this::forget, this.lock.readLock());
		this.watches.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(watch);
		return new MockResponse().withWebSocketUpgrade(watch);
	}

	private void forget(NamedWatch watch) {
		this.watches.computeIfPresent(watch.key(), (k, set) -> {
			set.remove(watch);
			return set.isEmpty() ? null : set;
		});
	}

	@Override
	public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
		String key = key(attributes);
		if (key == null) {
			return super.findResource(attributes);
		}
		return indexed(key, attributes).stream().findFirst().orElse(null);
	}

	@Override
	public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
			GenericKubernetesResource resource, String newState) {
		this.lock.writeLock().lock();
		try {
			String oldState = (oldAttributes != null) ? this.map.get(oldAttributes) : null;
			super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
			String oldKey = (oldAttributes != null) ? key(oldAttributes) : null;
			if (oldKey != null) {
				this.index.computeIfPresent(oldKey, (k, set) -> {
					set.remove(oldAttributes);
					return set.isEmpty() ? null : set;
				});
			}
			AttributeSet added = (newState != null) ? attributesOf(pathAttributes, resource, newState) : null;
			String newKey = (added != null) ? key(added) : null;
			if (newKey != null) {
				this.index.computeIfAbsent(newKey, (k) -> ConcurrentHashMap.newKeySet()).add(added);
			}
			if (!Objects.equals(oldState, newState)) {
				Set<NamedWatch> watching = new LinkedHashSet<>(watchesOf(oldKey));
				watching.addAll(watchesOf(newKey));
				watching.forEach((watch) -> watch.changed(oldAttributes, oldState, added, newState));
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private Set<NamedWatch> watchesOf(String key) {
		return (key != null) ? this.watches.getOrDefault(key, Set.of()) : Set.of();
	}

	/**
	 * The key the store filed the new state under, worked out as
	 * {@link KubernetesCrudDispatcher#processEvent} does.
	 */
	private AttributeSet attributesOf(AttributeSet pathAttributes, GenericKubernetesResource resource,
			String newState) {
		KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
		AttributeSet attributes = (resource != null) ? extractor.extract(resource) : extractor.fromResource(newState);
		if (!attributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
			attributes = AttributeSet.merge(pathAttributes, attributes);
		}
		return attributes;
	}

	/**
	 * {@code namespace/name} for attributes that hold both, from the path or a field
	 * selector, otherwise null.
	 */
	private static String key(AttributeSet attributes) {
		String name = value(attributes, KubernetesAttributesExtractor.NAME,
				KubernetesAttributesExtractor.METADATA_NAME);
		String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE,
				KubernetesAttributesExtractor.METADATA_NAMESPACE);
		return (name != null && namespace != null) ? namespace + "/" + name : null;
	}

	private static String value(AttributeSet attributes, String key, String alias) {
		String value = value(attributes, key);
		return (value != null) ? value : value(attributes, alias);
	}

	private static String value(AttributeSet attributes, String key) {
		Attribute attribute = attributes.getAttribute(key);
		if (attribute == null || attribute.getType() != AttributeType.WITH || attribute.getValues().size() != 1) {
			return null;
		}
		String value = String.valueOf(attribute.getValues().get(0));
		// "*" matches any value in fabric8's attribute sets: the plain store answers it
		return "*".equals(value) ? null : value;
	}

}
