package io.flotilla.sandbox;

import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * fabric8's CRUD store with an index by namespace and name. The plain store finds an
 * object by testing every object it holds, so each read, patch and status write costs
 * time in proportion to the fleet and a large fleet becomes quadratic to serve. Here a
 * request that names one object (a GET of {@code .../namespaces/NS/KIND/NAME}, and every
 * lookup the create, update and patch handlers make) only tests the few objects of that
 * namespace and name; everything else (lists, label selectors, watches) goes to the plain
 * store unchanged.
 * <p>
 * The index is updated in {@link #processEvent}, through which every change of the store
 * passes, under a lock that indexed reads share, so a read never sees an object between
 * its removal and its new version.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

	private final Map<String, Set<AttributeSet>> index = new ConcurrentHashMap<>();

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	@Override
	public MockResponse handleGet(String path) {
		if (path.contains("watch=")) {
			return super.handleGet(path);
		}
		AttributeSet query = getKey(path);
		String key = key(query);
		if (key == null) {
			return super.handleGet(path);
		}
		this.lock.readLock().lock();
		try {
			String found = null;
			for (AttributeSet candidate : this.index.getOrDefault(key, Set.of())) {
				if (candidate.matches(query)) {
					found = this.map.get(candidate);
					if (found != null) {
						break;
					}
				}
			}
			MockResponse response = new MockResponse();
			if (found != null) {
				return response.setResponseCode(HttpURLConnection.HTTP_OK).setBody(found);
			}
			return response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	@Override
	public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
		String key = key(attributes);
		if (key == null) {
			return super.findResource(attributes);
		}
		for (AttributeSet candidate : this.index.getOrDefault(key, Set.of())) {
			if (candidate.matches(attributes)) {
				String value = this.map.get(candidate);
				if (value != null) {
					return Map.entry(candidate, value);
				}
			}
		}
		return null;
	}

	@Override
	public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
			GenericKubernetesResource resource, String newState) {
		this.lock.writeLock().lock();
		try {
			super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
			if (oldAttributes != null) {
				String oldKey = key(oldAttributes);
				if (oldKey != null) {
					this.index.computeIfPresent(oldKey, (k, set) -> {
						set.remove(oldAttributes);
						return set.isEmpty() ? null : set;
					});
				}
			}
			if (newState != null) {
				AttributeSet added = attributesOf(pathAttributes, resource, newState);
				String newKey = key(added);
				if (newKey != null) {
					this.index.computeIfAbsent(newKey, (k) -> ConcurrentHashMap.newKeySet()).add(added);
				}
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
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
	 * {@code namespace/name} for attributes that hold both, otherwise null.
	 */
	private static String key(AttributeSet attributes) {
		String name = value(attributes, KubernetesAttributesExtractor.NAME);
		String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
		return (name != null && namespace != null) ? namespace + "/" + name : null;
	}

	private static String value(AttributeSet attributes, String key) {
		Attribute attribute = attributes.getAttribute(key);
		if (attribute == null || attribute.getType() != AttributeType.WITH || attribute.getValues().size() != 1) {
			return null;
		}
		String value = String.valueOf(attribute.getValues().get(0));
		// "*" matches any value in fabric8's attribute sets: leave such queries to the
		// plain store
		return "*".equals(value) ? null : value;
	}

}
